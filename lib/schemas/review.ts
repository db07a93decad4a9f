import { z } from "zod";

export const MAX_EDIT_LENGTH = 4000;
export const MAX_REASON_LENGTH = 500;

// Why a reviewer corrected or turned down the model: coded, so the audit trail can be counted.
export const REASON_CODES = ["wrong_intent", "inaccurate", "incomplete", "tone", "policy", "needs_human", "other"] as const;
export type ReasonCode = (typeof REASON_CODES)[number];
export const reasonCodeLabels: Record<ReasonCode, string> = {
  wrong_intent: "Wrong intent",
  inaccurate: "Inaccurate answer",
  incomplete: "Incomplete answer",
  tone: "Tone or style",
  policy: "Policy or compliance",
  needs_human: "Needs a person",
  other: "Other",
};
const reasonCode = z.enum(REASON_CODES, { error: "Pick one of the listed reason codes" }).optional();

// One schema for the review form, the server action behind it and the decision API.
export const decisionSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("approved") }),
  z.object({
    action: z.literal("edited"),
    editedText: z
      .string()
      .trim()
      .min(1, "The edited reply cannot be empty")
      .max(MAX_EDIT_LENGTH, `The edited reply is limited to ${MAX_EDIT_LENGTH} characters`),
    reasonCode,
  }),
  z.object({
    action: z.literal("rejected"),
    reason: z
      .string()
      .trim()
      .min(1, "Say why you reject it")
      .max(MAX_REASON_LENGTH, `The reason is limited to ${MAX_REASON_LENGTH} characters`),
    reasonCode,
  }),
]);
export type DecisionInput = z.infer<typeof decisionSchema>;
