import { z } from "zod";

const blankIsMissing = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalText = z.preprocess(blankIsMissing, z.string().trim().max(200).optional());
const optionalDate = z.preprocess(blankIsMissing, z.coerce.date({ error: "Enter a date" }).optional());

// The audit page's filters, read from its query string, and the export's: one schema for both.
export const auditFilterSchema = z
  .object({
    workflow: optionalText,
    step: optionalText,
    reviewer: z.preprocess(blankIsMissing, z.string().uuid("Pick a reviewer from the list").optional()),
    action: z.preprocess(blankIsMissing, z.enum(["approved", "edited", "rejected"]).optional()),
    from: optionalDate,
    to: optionalDate,
    audit: z.preprocess(blankIsMissing, z.enum(["only", "exclude"]).optional()),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "The period ends before it starts", path: ["to"] });
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const exportFormatSchema = z.enum(["csv", "jsonl"]);
