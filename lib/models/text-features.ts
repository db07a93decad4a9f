// Turns raw text into the sparse TF-IDF vectors the intent model reads.

/** Lowercases, folds apostrophes ("don't" → "dont") and splits on anything not a letter or digit. */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’`]/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token.length > 0);
}

/**
 * Raw feature terms for one text: word unigrams, word bigrams (with sentence boundaries, so
 * "how do" at the start differs from mid-sentence) and character 3–4-grams inside words, which
 * make the model tolerant of typos and inflections ("verify" / "verification").
 */
export function extractTerms(text: string, useCharNgrams: boolean): string[] {
  const tokens = tokenize(text);
  const terms: string[] = [];
  for (const token of tokens) terms.push(`w:${token}`);
  const bounded = ["<s>", ...tokens, "</s>"];
  for (let i = 0; i + 1 < bounded.length; i++) terms.push(`b:${bounded[i]} ${bounded[i + 1]}`);
  if (useCharNgrams) {
    for (const token of tokens) pushCharNgrams(` ${token} `, terms);
  }
  return terms;
}

function pushCharNgrams(padded: string, out: string[]): void {
  for (let n = 3; n <= 4; n++) {
    for (let i = 0; i + n <= padded.length; i++) out.push(`c:${padded.slice(i, i + n)}`);
  }
}

/** A sparse vector: parallel arrays of feature indices and values. */
export type SparseVector = { indices: Int32Array; values: Float64Array };

export type VectorizerOptions = { useCharNgrams: boolean; minDocumentFrequency: number };

/** Fitted TF-IDF vocabulary: sublinear tf (1 + ln tf), smoothed idf, l2-normalised rows. */
export class TfidfVectorizer {
  private constructor(
    private readonly vocabulary: Map<string, number>,
    private readonly idf: Float64Array,
    private readonly options: VectorizerOptions,
  ) {}

  static fit(texts: readonly string[], options: VectorizerOptions): TfidfVectorizer {
    const documentFrequency = new Map<string, number>();
    for (const text of texts) {
      for (const term of new Set(extractTerms(text, options.useCharNgrams))) {
        documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
      }
    }
    const vocabulary = new Map<string, number>();
    const idfValues: number[] = [];
    for (const [term, df] of documentFrequency) {
      // Terms seen once are mostly noise and inflate the weight matrix.
      if (df < options.minDocumentFrequency) continue;
      vocabulary.set(term, vocabulary.size);
      idfValues.push(Math.log((1 + texts.length) / (1 + df)) + 1);
    }
    return new TfidfVectorizer(vocabulary, Float64Array.from(idfValues), options);
  }

  get size(): number {
    return this.vocabulary.size;
  }

  transform(text: string): SparseVector {
    const counts = new Map<number, number>();
    for (const term of extractTerms(text, this.options.useCharNgrams)) {
      const index = this.vocabulary.get(term);
      if (index !== undefined) counts.set(index, (counts.get(index) ?? 0) + 1);
    }
    const indices = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
    const values = new Float64Array(indices.length);
    let norm = 0;
    indices.forEach((index, i) => {
      const weight = (1 + Math.log(counts.get(index) ?? 1)) * (this.idf[index] ?? 0);
      values[i] = weight;
      norm += weight * weight;
    });
    if (norm > 0) {
      const inverse = 1 / Math.sqrt(norm);
      for (let i = 0; i < values.length; i++) values[i] = (values[i] ?? 0) * inverse;
    }
    return { indices, values };
  }
}
