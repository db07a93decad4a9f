// One interface for every model Baton calls: the built-in local models, any OpenAI-compatible
// endpoint and Anthropic. The engine (lib/engine/call-model.ts) adds timeouts, failover and
// validation on top; providers only make the call and say how it failed.

export interface CompletionRequest {
  /** The provider's own model name (without the `provider:` prefix). */
  model: string;
  system?: string;
  /** The user message; built-in models read only this. */
  user: string;
  maxTokens?: number;
  temperature?: number;
  /** Ask for a JSON object (OpenAI's response_format; a system hint for Anthropic). */
  json: boolean;
  /** Aborting it really cancels the HTTP request. */
  signal: AbortSignal;
  /** Milliseconds the call may take (the SDK's own timeout, a safety net behind the signal). */
  timeoutMs: number;
  /** Sent as the Idempotency-Key header: stable per run, step and attempt. */
  idempotencyKey: string;
}

export interface Completion {
  /** The model's text answer (the engine parses it as JSON). */
  text: string;
  /** The model that answered, as the provider names it. */
  model: string;
  /** Set by models that measure their own confidence (the built-in ones). */
  confidence?: number;
  usage?: { inputTokens?: number; outputTokens?: number };
}

export interface ModelProvider {
  /** The name used in model references: `<name>:<model>`. */
  readonly name: string;
  readonly kind: "builtin" | "openai" | "anthropic";
  complete(request: CompletionRequest): Promise<Completion>;
}

export type ProviderErrorKind = "rate_limited" | "server_error" | "client_error" | "network" | "timeout" | "aborted" | "not_configured" | "empty";

/** A failed model call, classified so the engine can fail over and honour Retry-After. */
export class ProviderError extends Error {
  /** From a 429's (or 503's) Retry-After: the retry waits at least this long. */
  retryAfterMs: number | undefined;

  constructor(
    message: string,
    readonly kind: ProviderErrorKind,
    readonly details: { provider: string; model: string; status?: number; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, { cause: details.cause });
    this.name = "ProviderError";
    this.retryAfterMs = details.retryAfterMs;
  }
}
