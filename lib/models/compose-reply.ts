// Builds the customer-facing draft reply that a reviewer approves or edits.

export type ComposeReplyInput = {
  /**
   * The customer's message. Deliberately never quoted in the reply: echoing customer text back
   * would reflect whatever it contains (markup, links, injected instructions) to the customer.
   */
  message: string;
  intent: string;
  article: { title: string; body: string };
};

const GREETING = "Hi there,";
const CLOSING =
  "If this doesn't answer your question, just reply to this message and a member of our support team will help you.";
const SIGN_OFF = "Kind regards,\nCustomer Support";

/** Plain text (rendered as text, never HTML) and deterministic for the same article. */
export function composeReply(input: ComposeReplyInput): string {
  const topic = lowerFirst(cleanText(input.article.title));
  const guidance = cleanText(input.article.body);
  return [GREETING, `Thanks for getting in touch about ${topic}. ${guidance}`, CLOSING, SIGN_OFF].join("\n\n");
}

/** Collapses whitespace and drops control characters so the reply is tidy single-paragraph text. */
function cleanText(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** "Exchange rates" → "exchange rates", but acronyms such as "PIN and app passcode" stay as they are. */
function lowerFirst(text: string): string {
  if (text.length > 1 && text[1] === text[1]?.toUpperCase() && /\p{L}/u.test(text[1] ?? "")) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}
