import { parseRetryAfter } from "./retry-after";
import { ProviderError, type ProviderErrorKind } from "./types";

/**
 * Turns whatever an SDK threw into a ProviderError. Both official SDKs throw errors carrying the
 * HTTP `status` and `headers`; aborts and connection failures have their own class names. A
 * call aborted by the step's deadline is a timeout; by anything else (worker shutdown), an abort.
 */
export function classifyProviderError(error: unknown, context: { provider: string; model: string; signal: AbortSignal }): ProviderError {
  if (error instanceof ProviderError) return error;
  const { provider, model, signal } = context;
  const name = (error as { name?: string; constructor?: { name?: string } })?.constructor?.name ?? (error as { name?: string })?.name ?? "";
  const message = error instanceof Error ? error.message : String(error);
  const status = typeof (error as { status?: unknown })?.status === "number" ? ((error as { status: number }).status as number) : undefined;

  if (signal.aborted || name === "APIUserAbortError" || name === "AbortError") {
    const reason = signal.reason as { name?: string } | undefined;
    const timedOut = reason?.name === "StepTimeoutError" || reason?.name === "TimeoutError";
    return new ProviderError(timedOut ? `${provider}:${model} timed out` : `${provider}:${model} call aborted`, timedOut ? "timeout" : "aborted", {
      provider,
      model,
      cause: error,
    });
  }
  if (name === "APIConnectionTimeoutError") return new ProviderError(`${provider}:${model} timed out`, "timeout", { provider, model, cause: error });
  if (status === undefined) return new ProviderError(`${provider}:${model} unreachable: ${message}`, "network", { provider, model, cause: error });

  const headers = (error as { headers?: Headers }).headers;
  const retryAfterMs = parseRetryAfter(headers);
  let kind: ProviderErrorKind;
  if (status === 429) kind = "rate_limited";
  else if (status >= 500) kind = "server_error";
  else kind = "client_error";
  const what = kind === "rate_limited" ? "rate-limited the call" : `answered ${status}`;
  return new ProviderError(`${provider}:${model} ${what}${retryAfterMs !== undefined ? ` (Retry-After ${retryAfterMs} ms)` : ""}`, kind, {
    provider,
    model,
    status,
    retryAfterMs,
    cause: error,
  });
}
