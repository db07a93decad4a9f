import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from "obscenity";

// The article's fast keyword filter, on the maintained `obscenity` library: its English word list
// with leet-speak, confusable-character and repeated-letter handling ("fuuuck", "sh1t", "ƒuck"),
// and its whitelist ("Scunthorpe" is not a match).

let matcher: RegExpMatcher | undefined;

function getMatcher(): RegExpMatcher {
  matcher ??= new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  return matcher;
}

export interface ProfanityMatch {
  /** The listed word that matched (its canonical spelling). */
  term: string;
  /** The text as written, e.g. "sh1t". */
  text: string;
  start: number;
  end: number;
}

export function findProfanity(text: string): ProfanityMatch[] {
  return getMatcher()
    .getAllMatches(text, true)
    .map((match) => {
      const term = englishDataset.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord ?? "profanity";
      return { term, text: text.slice(match.startIndex, match.endIndex + 1), start: match.startIndex, end: match.endIndex + 1 };
    });
}
