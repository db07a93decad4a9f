import OpenAI from "openai";
import { classifyProviderError } from "./classify-error";
import { ProviderError, type Completion, type CompletionRequest, type ModelProvider } from "./types";

const JSON_HINT = "Answer with one JSON object and nothing else.";

/**
 * Any OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, Ollama, llama.cpp server, …)
 * through the official SDK. The SDK's own retries are off: the step's retry policy and failover
 * decide, and every try is recorded.
 */
export function createOpenAiProvider(config: { name: string; baseURL?: string; apiKey?: string }): ModelProvider {
  const client = new OpenAI({
    // Local servers need no key, but the SDK insists on one.
    apiKey: config.apiKey ?? (config.baseURL ? "not-needed" : undefined),
    baseURL: config.baseURL,
    maxRetries: 0,
  });
  return {
    name: config.name,
    kind: "openai",
    async complete(request: CompletionRequest): Promise<Completion> {
      const context = { provider: config.name, model: request.model, signal: request.signal };
      // OpenAI refuses JSON mode unless the messages mention JSON.
      const system = request.json && !/json/i.test(`${request.system ?? ""} ${request.user}`) ? [request.system, JSON_HINT].filter(Boolean).join("\n\n") : request.system;
      try {
        const response = await client.chat.completions.create(
          {
            model: request.model,
            messages: [...(system ? [{ role: "system" as const, content: system }] : []), { role: "user" as const, content: request.user }],
            ...(request.json ? { response_format: { type: "json_object" as const } } : {}),
            ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
            ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          },
          { signal: request.signal, timeout: request.timeoutMs, headers: { "Idempotency-Key": request.idempotencyKey } },
        );
        const text = response.choices[0]?.message?.content;
        if (typeof text !== "string" || text.length === 0) throw new ProviderError(`${config.name}:${request.model} answered with no text`, "empty", { provider: config.name, model: request.model });
        return {
          text,
          model: response.model ?? request.model,
          usage: { inputTokens: response.usage?.prompt_tokens, outputTokens: response.usage?.completion_tokens },
        };
      } catch (error) {
        throw classifyProviderError(error, context);
      }
    },
  };
}
