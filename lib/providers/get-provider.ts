import { createAnthropicProvider } from "./anthropic-provider";
import { builtinProvider } from "./builtin-provider";
import { createOpenAiProvider } from "./openai-provider";
import { ProviderError, type ModelProvider } from "./types";

// Providers are configured by environment variables (README, "Configuration"):
//   openai     OPENAI_BASE_URL, OPENAI_API_KEY        (any OpenAI-compatible endpoint)
//   anthropic  ANTHROPIC_BASE_URL, ANTHROPIC_API_KEY
//   <name>     BATON_PROVIDER_<NAME>_TYPE=openai|anthropic, BATON_PROVIDER_<NAME>_BASE_URL,
//              BATON_PROVIDER_<NAME>_API_KEY          (more endpoints: vllm, ollama, a second key…)
//   builtin    the local models, always there
// They are read when a step calls a model, so a changed variable applies to the next worker start
// (or, in tests, the next call); clients are cached per configuration.

export interface EndpointConfig {
  name: string;
  type: "openai" | "anthropic";
  baseURL?: string;
  apiKey?: string;
}

export function endpointConfig(name: string, environment: Record<string, string | undefined> = process.env): EndpointConfig | null {
  const clean = (value: string | undefined) => (value && value.trim() !== "" ? value.trim() : undefined);
  if (name === "openai") return { name, type: "openai", baseURL: clean(environment.OPENAI_BASE_URL), apiKey: clean(environment.OPENAI_API_KEY) };
  if (name === "anthropic") return { name, type: "anthropic", baseURL: clean(environment.ANTHROPIC_BASE_URL), apiKey: clean(environment.ANTHROPIC_API_KEY) };
  const key = `BATON_PROVIDER_${name.toUpperCase().replace(/-/g, "_")}`;
  const type = clean(environment[`${key}_TYPE`]);
  if (!type) return null;
  if (type !== "openai" && type !== "anthropic") throw new Error(`${key}_TYPE must be "openai" or "anthropic", not "${type}"`);
  return { name, type, baseURL: clean(environment[`${key}_BASE_URL`]), apiKey: clean(environment[`${key}_API_KEY`]) };
}

const cache = new Map<string, ModelProvider>();

export function getProvider(name: string, environment: Record<string, string | undefined> = process.env): ModelProvider {
  if (name === "builtin") return builtinProvider;
  const config = endpointConfig(name, environment);
  const notConfigured = (why: string) => new ProviderError(`Provider "${name}" is not configured: ${why}`, "not_configured", { provider: name, model: "" });
  if (!config) throw notConfigured(`set BATON_PROVIDER_${name.toUpperCase().replace(/-/g, "_")}_TYPE and _BASE_URL`);
  if (!config.apiKey && !config.baseURL) {
    throw notConfigured(config.type === "openai" ? "set OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)" : "set ANTHROPIC_API_KEY");
  }
  const cacheKey = JSON.stringify(config);
  let provider = cache.get(cacheKey);
  if (!provider) {
    provider = config.type === "openai" ? createOpenAiProvider(config) : createAnthropicProvider(config);
    cache.set(cacheKey, provider);
  }
  return provider;
}
