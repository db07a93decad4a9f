import Anthropic from "@anthropic-ai/sdk";
import { classifyProviderError } from "./classify-error";
import { ProviderError, type Completion, type CompletionRequest, type ModelProvider } from "./types";

const JSON_HINT = "Answer with one JSON object and nothing else.";

/** Anthropic's Messages API through the official SDK (its own retries off, as for OpenAI). */
export function createAnthropicProvider(config: { name: string; baseURL?: string; apiKey?: string }): ModelProvider {
  // A local or test endpoint needs no key, but the SDK insists on one.
  const client = new Anthropic({ apiKey: config.apiKey ?? (config.baseURL ? "not-needed" : null), baseURL: config.baseURL, maxRetries: 0 });
  return {
    name: config.name,
    kind: "anthropic",
    async complete(request: CompletionRequest): Promise<Completion> {
      const context = { provider: config.name, model: request.model, signal: request.signal };
      const system = [request.system, request.json ? JSON_HINT : null].filter(Boolean).join("\n\n");
      try {
        const message = await client.messages.create(
          {
            model: request.model,
            max_tokens: request.maxTokens ?? 1024,
            ...(system ? { system } : {}),
            messages: [{ role: "user", content: request.user }],
            ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          },
          { signal: request.signal, timeout: request.timeoutMs, headers: { "Idempotency-Key": request.idempotencyKey } },
        );
        const text = message.content
          .filter((block): block is Extract<typeof block, { type: "text" }> => block.type === "text")
          .map((block) => block.text)
          .join("");
        if (!text) throw new ProviderError(`${config.name}:${request.model} answered with no text`, "empty", { provider: config.name, model: request.model });
        return { text, model: message.model ?? request.model, usage: { inputTokens: message.usage?.input_tokens, outputTokens: message.usage?.output_tokens } };
      } catch (error) {
        throw classifyProviderError(error, context);
      }
    },
  };
}
