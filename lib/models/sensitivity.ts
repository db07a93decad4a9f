// Flags messages that must never be auto-answered: possible fraud, theft or account takeover.

export type SensitivityAssessment = { sensitive: boolean; reasons: string[] };

/** Banking77 intents about lost/stolen/compromised credentials or transactions the customer didn't make. */
export const SENSITIVE_INTENTS: ReadonlySet<string> = new Set([
  "compromised_card",
  "lost_or_stolen_card",
  "lost_or_stolen_phone",
  "card_payment_not_recognised",
  "cash_withdrawal_not_recognised",
  "direct_debit_payment_not_recognised",
]);

/**
 * Word-boundary patterns, so "fraud" matches but "defraudation"-style substrings of unrelated
 * words do not. Negations ("this isn't fraud") still match on purpose: a false alarm costs a
 * human review, a miss could auto-answer a fraud victim.
 */
const SENSITIVE_PATTERNS: readonly RegExp[] = [
  /\bfraud(?:ulent(?:ly)?|sters?)?\b/i,
  /\bscam(?:s|med|mers?)?\b/i,
  /\b(?:stolen|stole|steal(?:s|ing)?|theft|thie(?:f|ves))\b/i,
  /\bhack(?:ed|er|ers|ing)?\b/i,
  /\bunauthori[sz]ed\b/i,
  /\bphish(?:ing|ed)?\b/i,
  /\bcompromised\b/i,
  /\bidentity theft\b/i,
  /\bsome(?:one|body) (?:else )?(?:is |has |have )?(?:using|used|accessed|access|got into|logged into|took|taken) my (?:account|card|phone|details|money)\b/i,
  /\b(?:i )?(?:did not|didn't|never) (?:make|authori[sz]e|do) (?:this|that|these|those|the|a|any) (?:payments?|transactions?|withdrawals?|transfers?|purchases?)\b/i,
  /\b(?:it )?(?:was not|wasn't) me\b/i,
];

export function assessSensitivity(input: { message: string; intent: string }): SensitivityAssessment {
  const reasons: string[] = [];
  if (SENSITIVE_INTENTS.has(input.intent)) reasons.push(`intent: ${input.intent}`);
  const message = input.message.replace(/[’`]/g, "'");
  for (const pattern of SENSITIVE_PATTERNS) {
    const match = pattern.exec(message);
    if (match) reasons.push(`keyword: "${match[0].toLowerCase()}"`);
  }
  return { sensitive: reasons.length > 0, reasons: [...new Set(reasons)] };
}
