import { db, type Tx } from "../db";
import { logger } from "../logger";
import type { GateEvaluation } from "../engine/types";
import { createReviewItem } from "../review/create-review-item";
import type { GateSettingsVersion } from "../settings/gate-settings";
import { shouldAudit } from "./audit-sampling";

/**
 * Called by the gate, in the transaction that commits an automatic pass: with the audit rate in
 * force, a deterministic share of automatic outputs also becomes a low-priority review item
 * marked as audit. The run does not wait for it (it has already moved on with the automatic
 * output); the reviewer's verdict is a label for calibration only (record-decision.ts resumes
 * nothing for it). Idempotent: one item per (run, gate), and the draw is fixed per run.
 */
export async function sampleForAudit(
  tx: Tx,
  input: { runId: string; stepId: string; workflowName: string; evaluation: GateEvaluation; editableFields: string[]; settings: GateSettingsVersion },
): Promise<{ id: string } | null> {
  const { settings } = input;
  if (input.evaluation.sensitive || !shouldAudit(input.runId, input.stepId, settings.auditSampleRate)) return null;
  const item = await createReviewItem(tx, {
    runId: input.runId,
    stepId: input.stepId,
    workflowName: input.workflowName,
    evaluation: {
      ...input.evaluation,
      // The rate is kept with the item: its weight in the calibration is 1/rate.
      context: { ...input.evaluation.context, settingsVersion: settings.version, auditSampleRate: settings.auditSampleRate },
    },
    editableFields: input.editableFields,
    route: { route: "review", priority: "low", tier: "standard", slaMinutes: settings.lowSlaMinutes, reason: "audit sample of an automatic output" },
    slaPolicy: settings,
    isAudit: true,
  });
  return { id: item.id };
}

/**
 * The gate's hook, after an automatic pass was committed: draws (no database work unless the
 * run is sampled) and creates the audit item. It never fails the step: the run has moved on with
 * its output already, and a lost sample only means one label fewer, not a biased one (the draw
 * does not depend on the output).
 */
export async function auditAutomaticOutput(input: Parameters<typeof sampleForAudit>[1]): Promise<void> {
  if (input.evaluation.sensitive || !shouldAudit(input.runId, input.stepId, input.settings.auditSampleRate)) return;
  try {
    await db.$transaction((tx) => sampleForAudit(tx, input));
  } catch (error) {
    logger.warn({ err: error, runId: input.runId, stepId: input.stepId }, "could not create the audit sample");
  }
}
