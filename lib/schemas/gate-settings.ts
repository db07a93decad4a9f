import { z } from "zod";
import { businessCalendarSchema } from "../review/business-hours";

// Form fields arrive as strings; an empty one is missing, not 0 (which z.coerce would make it).
// JSON callers (the settings API) may send null, which is missing too, and true/false, which is
// no number (z.coerce would read them as 1 and 0).
const blankIsMissing = (value: unknown) =>
  value === null || (typeof value === "string" && value.trim() === "") ? undefined : typeof value === "boolean" ? Number.NaN : value;

const threshold = z.preprocess(
  blankIsMissing,
  z.coerce.number({ error: "Enter a number between 0 and 1" }).min(0, "Must be at least 0").max(1, "Must be at most 1"),
);
const slaMinutes = z.preprocess(blankIsMissing, z.coerce
  .number({ error: "Enter a whole number of minutes" })
  .int("Enter a whole number of minutes")
  .min(1, "Must be at least 1 minute")
  .max(7 * 24 * 60, "Must be at most 7 days"));

// Shared by the admin form, its server action and (later) the settings API.
export const gateSettingsSchema = z
  .object({
    workflowName: z.string().min(1),
    stepId: z.string().min(1),
    autoThreshold: threshold,
    reviewThreshold: threshold,
    normalSlaMinutes: slaMinutes,
    lowSlaMinutes: slaMinutes,
    sensitiveSlaMinutes: slaMinutes,
    // Optional: left out, the rate in force is kept.
    auditSampleRate: z.preprocess(
      blankIsMissing,
      z.coerce.number({ error: "Enter a share between 0 and 1" }).min(0, "Must be at least 0").max(0.5, "Audit at most half of the automatic outputs").optional(),
    ),
    // Optional: left out, the SLA clock in force is kept. null = around the clock.
    atRiskShare: z.preprocess(
      blankIsMissing,
      z.coerce.number({ error: "Enter a share between 0.05 and 0.9" }).min(0.05, "Must be at least 0.05").max(0.9, "Must be at most 0.9").optional(),
    ),
    businessHours: businessCalendarSchema.nullable().optional(),
    note: z.string().trim().max(200, "Keep the note under 200 characters").optional(),
  })
  .refine((s) => s.reviewThreshold <= s.autoThreshold, {
    message: "The review threshold cannot be above the auto threshold",
    path: ["reviewThreshold"],
  });
export type GateSettingsInput = z.infer<typeof gateSettingsSchema>;

// The calibration page's "apply": a new auto threshold, the rest of the settings carried over.
export const applyThresholdSchema = z.object({
  workflowName: z.string().min(1),
  stepId: z.string().min(1),
  autoThreshold: threshold,
  note: z.string().trim().max(200, "Keep the note under 200 characters").optional(),
});
export type ApplyThresholdInput = z.infer<typeof applyThresholdSchema>;

export const rollbackGateSettingsSchema = z.object({
  workflowName: z.string().min(1),
  stepId: z.string().min(1),
  toVersion: z.coerce.number().int().min(1),
});
