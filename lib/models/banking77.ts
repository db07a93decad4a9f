import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { createRandom, hashString, shuffleInPlace } from "./random";
import type { LabelledMessage } from "./types";

export type Banking77 = {
  train: LabelledMessage[];
  heldOut: LabelledMessage[];
  intents: string[];
};

const HELD_OUT_FRACTION = 0.1;
const SPLIT_SEED = 77;

const cache = new Map<string, Banking77>();

/** Default location of the shipped dataset (project root / data / banking77). */
export function defaultBanking77Dir(): string {
  return path.join(/* turbopackIgnore: true */ process.cwd(), "data", "banking77");
}

/**
 * Loads the shipped Banking77 train.csv and splits it into train and a held-out slice
 * (~10% of each intent). The split depends only on the file contents, so every process
 * (web, workers, tests) sees the same examples on each side. Cached per directory.
 */
export function loadBanking77(dataDir: string = defaultBanking77Dir()): Banking77 {
  const key = path.resolve(/* turbopackIgnore: true */ dataDir);
  const cached = cache.get(key);
  if (cached) return cached;

  const intents = readIntents(path.join(/* turbopackIgnore: true */ key, "categories.json"));
  const rows = readRows(path.join(/* turbopackIgnore: true */ key, "train.csv"), new Set(intents));
  const loaded = { ...stratifiedSplit(rows, intents), intents };
  cache.set(key, loaded);
  return loaded;
}

function readIntents(file: string): string[] {
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === "string")) {
    throw new Error(`${file} must be a JSON array of intent names`);
  }
  return parsed as string[];
}

function readRows(file: string, known: Set<string>): LabelledMessage[] {
  const records = parse<{ text: string; category: string }>(readFileSync(file), {
    columns: true,
    skip_empty_lines: true,
  });
  return records.map((record, index) => {
    if (!known.has(record.category)) {
      throw new Error(`${file} row ${index + 2}: unknown intent "${record.category}"`);
    }
    return { text: record.text, intent: record.category };
  });
}

/**
 * Per intent: shuffle with a PRNG seeded from the intent name (so the split does not depend
 * on row order across intents) and hold out the first 10% (rounded, at least one).
 */
function stratifiedSplit(
  rows: LabelledMessage[],
  intents: string[],
): { train: LabelledMessage[]; heldOut: LabelledMessage[] } {
  const byIntent = new Map<string, LabelledMessage[]>(intents.map((intent) => [intent, []]));
  for (const row of rows) byIntent.get(row.intent)?.push(row);

  const train: LabelledMessage[] = [];
  const heldOut: LabelledMessage[] = [];
  for (const intent of intents) {
    const group = byIntent.get(intent) ?? [];
    const shuffled = shuffleInPlace([...group], createRandom(hashString(intent) ^ SPLIT_SEED));
    const holdCount = group.length < 2 ? 0 : Math.max(1, Math.round(group.length * HELD_OUT_FRACTION));
    heldOut.push(...shuffled.slice(0, holdCount));
    train.push(...shuffled.slice(holdCount));
  }
  return { train, heldOut };
}
