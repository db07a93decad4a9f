import { describe, expect, it } from "vitest";
import { retryDelay } from "../engine/backoff";
import { checkImageMetadata, nsfwFromUrl, textFromUrl } from "./builtin/image-url-analysis";
import { findProfanity } from "./builtin/profanity";
import { afinnHostility, lexicalToxicity } from "./builtin/toxicity";
import { endpointConfig, getProvider } from "./get-provider";
import { parseModelRef, resolveStepModels } from "./model-ref";
import { parseRetryAfter } from "./retry-after";

describe("model references and per-step configuration", () => {
  it("parses provider:model", () => {
    expect(parseModelRef("openai:gpt-4o-mini")).toEqual({ provider: "openai", model: "gpt-4o-mini" });
    expect(parseModelRef("ollama:llama3.1:8b")).toEqual({ provider: "ollama", model: "llama3.1:8b" });
    expect(parseModelRef("gpt-4")).toBeNull();
  });

  it("lets the environment override a step's model and failover list", () => {
    const declared = { model: "builtin:lexical-toxicity", failover: ["builtin:afinn-hostility"] };
    expect(resolveStepModels("content-moderation", "ai_moderator", declared, {})).toEqual([
      { provider: "builtin", model: "lexical-toxicity" },
      { provider: "builtin", model: "afinn-hostility" },
    ]);
    const environment = {
      BATON_MODEL_CONTENT_MODERATION__AI_MODERATOR: "openai:gpt-4o-mini",
      BATON_FAILOVER_CONTENT_MODERATION__AI_MODERATOR: "anthropic:claude-3-5-haiku-latest, builtin:lexical-toxicity",
    };
    expect(resolveStepModels("content-moderation", "ai_moderator", declared, environment).map((r) => `${r.provider}:${r.model}`)).toEqual([
      "openai:gpt-4o-mini",
      "anthropic:claude-3-5-haiku-latest",
      "builtin:lexical-toxicity",
    ]);
  });

  it("reads named endpoints from the environment and refuses unconfigured ones", () => {
    expect(endpointConfig("vllm", { BATON_PROVIDER_VLLM_TYPE: "openai", BATON_PROVIDER_VLLM_BASE_URL: "http://127.0.0.1:8000/v1" })).toEqual({
      name: "vllm",
      type: "openai",
      baseURL: "http://127.0.0.1:8000/v1",
      apiKey: undefined,
    });
    expect(endpointConfig("nothing", {})).toBeNull();
    expect(() => getProvider("openai", {})).toThrow(/OPENAI_API_KEY/);
    expect(() => getProvider("mystery", {})).toThrow(/BATON_PROVIDER_MYSTERY_TYPE/);
  });
});

describe("Retry-After and backoff", () => {
  it("reads seconds, milliseconds and HTTP dates", () => {
    expect(parseRetryAfter(new Headers({ "retry-after": "2" }))).toBe(2000);
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "350", "retry-after": "9" }))).toBe(350);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter(new Headers({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }), now)).toBe(5000);
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(parseRetryAfter(new Headers({ "retry-after": "86400" }))).toBe(600_000);
  });

  it("stretches the policy's delay to a Retry-After, never shortens it", () => {
    expect(retryDelay("baton-exponential", 100, 1)).toBe(100);
    expect(retryDelay("baton-exponential", 100, 3)).toBe(400);
    expect(retryDelay("baton-fixed", 100, 3)).toBe(100);
    expect(retryDelay("baton-fixed", 100, 1, Object.assign(new Error("429"), { retryAfterMs: 1500 }))).toBe(1500);
    expect(retryDelay("baton-exponential", 1000, 3, Object.assign(new Error("429"), { retryAfterMs: 1500 }))).toBe(4000);
  });
});

describe("built-in moderation models", () => {
  it("finds profanity with the maintained word list, including disguised spellings, and not in Scunthorpe", () => {
    expect(findProfanity("what the fuuuck").map((m) => m.term)).toEqual(["fuck"]);
    expect(findProfanity("sh1t happens").length).toBeGreaterThan(0);
    expect(findProfanity("Scunthorpe United played well")).toEqual([]);
  });

  it("scores insults aimed at the reader above the same words about the weather, and threats highest", () => {
    const calm = lexicalToxicity("Thanks for the quick help, have a lovely day!");
    const weather = lexicalToxicity("This weather is stupid");
    const insult = lexicalToxicity("You are an idiot.");
    const threat = lexicalToxicity("I will find you and hurt you, you worthless idiot");
    expect(calm.score).toBeLessThan(0.1);
    expect(weather.score).toBeLessThan(insult.score);
    expect(insult.score).toBeGreaterThan(0.7);
    expect(insult.score).toBeLessThan(0.95);
    expect(threat.score).toBeGreaterThan(0.95);
    expect(threat.categories).toEqual(expect.arrayContaining(["insult", "threat"]));
  });

  it("gives a second, different opinion from the AFINN lexicon", () => {
    const hostile = afinnHostility("your awful hateful nasty evil cruel vile disgusting comments ruin everything");
    expect(hostile.score).toBeGreaterThan(0.9);
    expect(lexicalToxicity("your awful hateful nasty evil cruel vile disgusting comments ruin everything").score).toBeLessThan(0.7);
    expect(afinnHostility("Thank you, this is wonderful and helpful").score).toBeLessThan(0.1);
  });

  it("reads only the image URL: words, embedded text, and metadata rules", () => {
    expect(nsfwFromUrl("https://cdn.example.com/uploads/nsfw-nude-beach.jpg").score).toBeGreaterThan(0.9);
    expect(nsfwFromUrl("https://cdn.example.com/uploads/kittens.jpg").score).toBeLessThan(0.1);
    expect(textFromUrl("https://cdn.example.com/memes/you-are-an-idiot.png").text).toBe("memes you are an idiot");
    expect(checkImageMetadata("https://cdn.example.com/a.png")).toMatchObject({ ok: true, issues: [] });
    expect(checkImageMetadata("http://10.0.0.1/a.exe").issues).toEqual(["not served over HTTPS", "IP address instead of a host name", "unexpected file type .exe"]);
  });
});
