// A tiny TF-IDF cosine index for ranking a handful of short documents against a query.
import { tokenize } from "./text-features";

// Words that carry no topic in support messages; dropping them keeps cosine scores meaningful.
const STOPWORDS = new Set(
  (
    "a an and are as at be been but by can could did do does for from had has have how i if in into is it " +
    "its me my of on or our please so that the their them then there this to too was we were what when " +
    "where which who why will with would you your yours im ive cant dont wont isnt hasnt havent hi hello " +
    "thanks thank just still get got any some"
  ).split(" "),
);

/** Lowercased content words with a light suffix strip, so "charges"/"charged"/"charge" meet. */
export function analyze(text: string): string[] {
  return tokenize(text)
    .filter((token) => !STOPWORDS.has(token))
    .map(stem);
}

function stem(token: string): string {
  if (token.length <= 4) return token;
  for (const suffix of ["ing", "ed", "es", "s"]) {
    if (token.endsWith(suffix) && token.length - suffix.length >= 4) return token.slice(0, -suffix.length);
  }
  return token;
}

type WeightedTerms = Map<string, number>;

export class LexicalIndex {
  private readonly idf = new Map<string, number>();
  private readonly documents: WeightedTerms[];

  constructor(documentTexts: readonly string[]) {
    const analyzed = documentTexts.map(analyze);
    const documentFrequency = new Map<string, number>();
    for (const terms of analyzed) {
      for (const term of new Set(terms)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
    for (const [term, df] of documentFrequency) {
      this.idf.set(term, Math.log((1 + analyzed.length) / (1 + df)) + 1);
    }
    this.documents = analyzed.map((terms) => this.weigh(terms));
  }

  /** Cosine similarity in [0, 1] between the query and each document, in document order. */
  scores(query: string): number[] {
    const queryVector = this.weigh(analyze(query));
    return this.documents.map((document) => dot(queryVector, document));
  }

  /** Sublinear tf · idf, l2-normalised; terms unknown to the index are dropped. */
  private weigh(terms: readonly string[]): WeightedTerms {
    const counts = new Map<string, number>();
    for (const term of terms) if (this.idf.has(term)) counts.set(term, (counts.get(term) ?? 0) + 1);
    const weights: WeightedTerms = new Map();
    let norm = 0;
    for (const [term, count] of counts) {
      const weight = (1 + Math.log(count)) * (this.idf.get(term) ?? 0);
      weights.set(term, weight);
      norm += weight * weight;
    }
    if (norm > 0) for (const [term, weight] of weights) weights.set(term, weight / Math.sqrt(norm));
    return weights;
  }
}

function dot(a: WeightedTerms, b: WeightedTerms): number {
  let sum = 0;
  for (const [term, weight] of a) sum += weight * (b.get(term) ?? 0);
  return sum;
}
