import { z } from "zod";

export const MAX_EDIT_LENGTH = 4000;
export const MAX_REASON_LENGTH = 500;

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
  }),
  z.object({
    action: z.literal("rejected"),
    reason: z
      .string()
      .trim()
      .min(1, "Say why you reject it")
      .max(MAX_REASON_LENGTH, `The reason is limited to ${MAX_REASON_LENGTH} characters`),
  }),
]);
export type DecisionInput = z.infer<typeof decisionSchema>;
