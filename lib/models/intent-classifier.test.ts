import { beforeAll, describe, expect, it } from "vitest";
import { loadBanking77 } from "./banking77";
import {
  evaluateClassifier,
  getBuiltInIntentClassifier,
  type IntentClassifier,
  trainIntentClassifier,
} from "./intent-classifier";

const TRAINING_TIMEOUT_MS = 30_000;

describe("banking77 split", () => {
  it("holds out ~10% of every intent, disjoint from train and stable across loads", () => {
    const { train, heldOut, intents } = loadBanking77();
    expect(intents).toHaveLength(77);
    expect(train.length + heldOut.length).toBe(10_003);
    expect(heldOut.length / (train.length + heldOut.length)).toBeCloseTo(0.1, 1);
    for (const intent of intents) expect(heldOut.some((m) => m.intent === intent)).toBe(true);

    const trainRows = new Set(train);
    expect(heldOut.some((m) => trainRows.has(m))).toBe(false);
    expect(loadBanking77()).toBe(loadBanking77());
  });
});

describe("intent classifier", () => {
  let classifier: IntentClassifier;

  beforeAll(() => {
    classifier = getBuiltInIntentClassifier();
  }, TRAINING_TIMEOUT_MS);

  it("is accurate on the held-out slice and reports its confidence mix", () => {
    const { heldOut } = loadBanking77();
    const { accuracy, n } = evaluateClassifier(classifier, heldOut);
    const confidences = heldOut.map((m) => classifier.predict(m.text).confidence);
    const share = (keep: (c: number) => boolean) => confidences.filter(keep).length / n;
    const meanConfidence = confidences.reduce((sum, c) => sum + c, 0) / n;
    console.info(
      `[intent-classifier] held-out accuracy ${accuracy.toFixed(4)} (n=${n}); confidence ` +
        `>=0.8: ${share((c) => c >= 0.8).toFixed(3)}, [0.5,0.8): ${share((c) => c >= 0.5 && c < 0.8).toFixed(3)}, ` +
        `<0.5: ${share((c) => c < 0.5).toFixed(3)}; mean confidence ${meanConfidence.toFixed(3)}`,
    );
    expect(n).toBe(heldOut.length);
    expect(accuracy).toBeGreaterThan(0.8);
    // Confidence is routed on, so it must track accuracy rather than sit near 1/77 or 0.99.
    expect(Math.abs(meanConfidence - accuracy)).toBeLessThan(0.08);
  });

  it("returns real probabilities with the top three alternatives", () => {
    for (const { text } of loadBanking77().heldOut.slice(0, 200)) {
      const prediction = classifier.predict(text);
      expect(prediction.confidence).toBeGreaterThan(0);
      expect(prediction.confidence).toBeLessThanOrEqual(1);
      expect(prediction.alternatives).toHaveLength(3);
      expect(prediction.alternatives[0]).toEqual({ intent: prediction.intent, probability: prediction.confidence });
      const total = prediction.alternatives.reduce((sum, a) => sum + a.probability, 0);
      expect(total).toBeLessThanOrEqual(1 + 1e-9);
      const probabilities = prediction.alternatives.map((a) => a.probability);
      expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
    }
  });

  it("answers featureless text (empty, whitespace, emoji) with the training prior", () => {
    const { train } = loadBanking77();
    const counts = new Map<string, number>();
    for (const m of train) counts.set(m.intent, (counts.get(m.intent) ?? 0) + 1);
    const mostFrequent = Math.max(...counts.values());

    for (const text of ["", "   \n\t", "🙂🙂", "?!"]) {
      const prediction = classifier.predict(text);
      expect(counts.get(prediction.intent)).toBe(mostFrequent);
      expect(prediction.confidence).toBeCloseTo(mostFrequent / train.length, 10);
      expect(prediction.confidence).toBeLessThan(0.05);
    }
  });

  it(
    "gives identical predictions when trained twice",
    () => {
      const { train, heldOut } = loadBanking77();
      const again = trainIntentClassifier(train);
      for (const { text } of heldOut.slice(0, 300)) {
        expect(again.predict(text)).toEqual(classifier.predict(text));
      }
    },
    TRAINING_TIMEOUT_MS,
  );

  it("changes with the seed but stays deterministic for a given seed", () => {
    const small = loadBanking77().train.filter((_, i) => i % 5 === 0);
    const a = trainIntentClassifier(small, { seed: 7, epochs: 3, useCharNgrams: false });
    const b = trainIntentClassifier(small, { seed: 7, epochs: 3, useCharNgrams: false });
    const c = trainIntentClassifier(small, { seed: 8, epochs: 3, useCharNgrams: false });
    const text = "my card has not arrived yet";
    expect(a.predict(text)).toEqual(b.predict(text));
    expect(a.predict(text).confidence).not.toBe(c.predict(text).confidence);
  });

  it("rejects an empty training set and diverging settings", () => {
    const few = loadBanking77().train.slice(0, 10);
    expect(() => trainIntentClassifier([])).toThrow();
    expect(() => trainIntentClassifier(few, { epochs: 0 })).toThrow(/epochs/);
    expect(() => trainIntentClassifier(few, { learningRate: -1 })).toThrow(/learningRate/);
    expect(() => trainIntentClassifier(few, { learningRate: 2, l2: 1 })).toThrow(/l2/);
  });
});
