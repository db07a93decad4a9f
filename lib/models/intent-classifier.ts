import { loadBanking77 } from "./banking77";
import { type SoftmaxModel, trainSoftmax } from "./softmax-regression";
import { TfidfVectorizer } from "./text-features";
import type { LabelledMessage } from "./types";

export type IntentPrediction = {
  intent: string;
  /** Softmax probability of `intent`: a real probability, not rescaled. */
  confidence: number;
  /** The three most probable intents, best first (includes `intent`). */
  alternatives: { intent: string; probability: number }[];
};

export type IntentTrainingOptions = {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
  /** Add character 3–4-grams to the word n-grams (slower, more typo-tolerant). */
  useCharNgrams?: boolean;
};

// Chosen on an inner validation split of the train set, not on the held-out slice. Fewer
// passes, a smaller learning rate or stronger L2 (1e-5) left the model under-confident (mean
// confidence well below accuracy); these settings are close to calibrated and train in ~2 s.
export const DEFAULT_TRAINING_OPTIONS = {
  epochs: 6,
  learningRate: 2,
  l2: 1e-6,
  seed: 1,
  useCharNgrams: true,
} satisfies Required<IntentTrainingOptions>;

const ALTERNATIVE_COUNT = 3;

export class IntentClassifier {
  constructor(
    private readonly vectorizer: TfidfVectorizer,
    private readonly model: SoftmaxModel,
    readonly intents: readonly string[],
    /** Share of each intent in the training data, indexed like `intents`. */
    private readonly prior: Float64Array,
  ) {}

  /**
   * Text with no known feature at all (empty, whitespace, emoji, symbols) carries no evidence,
   * so the answer is the training prior: the most frequent intent with its frequency (~0.02)
   * as confidence, which the gate routes to low-priority human review. Nonsense words that
   * share character n-grams with real ones ("blorf" ~ "blocked") do get a model prediction.
   */
  predict(text: string): IntentPrediction {
    const x = this.vectorizer.transform(text);
    const probabilities = x.indices.length === 0 ? this.prior : this.model.probabilities(x);
    const ranked = [...probabilities.keys()]
      .sort((a, b) => (probabilities[b] ?? 0) - (probabilities[a] ?? 0) || a - b)
      .slice(0, ALTERNATIVE_COUNT)
      .map((c) => ({ intent: this.intents[c] as string, probability: probabilities[c] ?? 0 }));
    const top = ranked[0] as { intent: string; probability: number };
    return { intent: top.intent, confidence: top.probability, alternatives: ranked };
  }
}

export function trainIntentClassifier(
  examples: readonly LabelledMessage[],
  options: IntentTrainingOptions = {},
): IntentClassifier {
  if (examples.length === 0) throw new Error("trainIntentClassifier needs at least one example");
  const settings = resolveOptions(options);
  // Sorted, so class indices (and the tie-break between equal probabilities) are stable.
  const intents = [...new Set(examples.map((example) => example.intent))].sort();
  const classIndex = new Map(intents.map((intent, index) => [intent, index]));

  const texts = examples.map((example) => example.text);
  const vectorizer = TfidfVectorizer.fit(texts, {
    useCharNgrams: settings.useCharNgrams,
    minDocumentFrequency: 2,
  });
  const xs = texts.map((text) => vectorizer.transform(text));
  const ys = examples.map((example) => classIndex.get(example.intent) as number);
  const model = trainSoftmax(xs, ys, vectorizer.size, intents.length, settings);
  return new IntentClassifier(vectorizer, model, intents, classPrior(ys, intents.length));
}

/** Fills in defaults (an explicit `undefined` also means "default") and rejects settings that would diverge. */
function resolveOptions(options: IntentTrainingOptions): Required<IntentTrainingOptions> {
  const settings: Required<IntentTrainingOptions> = {
    epochs: options.epochs ?? DEFAULT_TRAINING_OPTIONS.epochs,
    learningRate: options.learningRate ?? DEFAULT_TRAINING_OPTIONS.learningRate,
    l2: options.l2 ?? DEFAULT_TRAINING_OPTIONS.l2,
    seed: options.seed ?? DEFAULT_TRAINING_OPTIONS.seed,
    useCharNgrams: options.useCharNgrams ?? DEFAULT_TRAINING_OPTIONS.useCharNgrams,
  };
  if (!Number.isInteger(settings.epochs) || settings.epochs < 1) throw new Error("epochs must be a positive integer");
  if (!(settings.learningRate > 0)) throw new Error("learningRate must be positive");
  // The per-step L2 shrink factor (1 − lr·l2) must stay positive.
  if (!(settings.l2 >= 0 && settings.learningRate * settings.l2 < 1)) {
    throw new Error("l2 must be non-negative and learningRate·l2 below 1");
  }
  return settings;
}

function classPrior(ys: readonly number[], classCount: number): Float64Array {
  const prior = new Float64Array(classCount);
  for (const y of ys) prior[y] = (prior[y] ?? 0) + 1 / ys.length;
  return prior;
}

let builtIn: IntentClassifier | undefined;

/** The customer-support workflow's model: trained lazily on the Banking77 train split, once per process. */
export function getBuiltInIntentClassifier(): IntentClassifier {
  builtIn ??= trainIntentClassifier(loadBanking77().train);
  return builtIn;
}

export function evaluateClassifier(
  classifier: IntentClassifier,
  examples: readonly LabelledMessage[],
): { accuracy: number; n: number } {
  if (examples.length === 0) return { accuracy: 0, n: 0 };
  const correct = examples.filter((example) => classifier.predict(example.text).intent === example.intent).length;
  return { accuracy: correct / examples.length, n: examples.length };
}
