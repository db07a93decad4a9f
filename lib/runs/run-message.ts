export { excerpt } from "../text/excerpt";

// The text a run is about, for lists and the run page: customer-support's `message`, else
// content-moderation's `text`. Null when the input has neither (a workflow with other fields).
export function runMessage(input: unknown): string | null {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return null;
  const { message, text } = input as { message?: unknown; text?: unknown };
  if (typeof message === "string") return message;
  return typeof text === "string" ? text : null;
}
