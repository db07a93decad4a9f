import type { Tx } from "../db";
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
