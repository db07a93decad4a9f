import type { Prisma, Tx } from "../db";
import type { GateEvaluation } from "../engine/types";
import type { GateRoute } from "../engine/route-gate";
import { recordEvent } from "./record-event";
import type { SlaPolicy } from "../settings/gate-settings";
import { computeSlaDeadlines } from "./sla";

/**
 * Puts a gate's proposal in the review queue. Idempotent per (run, gate step): a gate evaluated
 * again after a crash finds its item instead of creating a second one.
 */
export async function createReviewItem(
  tx: Tx,
  input: {
    runId: string;
    stepId: string;
    workflowName: string;
    evaluation: GateEvaluation;
    /** Proposal fields a reviewer may edit; kept with the item so the decision needs no definition. */
    editableFields: string[];
    route: Extract<GateRoute, { route: "review" }>;
    slaPolicy: SlaPolicy;
    /** An audit sample of an automatically accepted output: a label source, the run does not wait for it. */
    isAudit?: boolean;
    now?: Date;
  },
): Promise<{ id: string; created: boolean }> {
  const existing = await tx.reviewItem.findUnique({
    where: { runId_stepId: { runId: input.runId, stepId: input.stepId } },
    select: { id: true },
  });
  if (existing) return { id: existing.id, created: false };

  const now = input.now ?? new Date();
  const { slaMinutes } = input.route;
  const { dueAt, atRiskAt } = computeSlaDeadlines(now, slaMinutes, input.slaPolicy);
  const item = await tx.reviewItem.create({
    data: {
      runId: input.runId,
      stepId: input.stepId,
      workflowName: input.workflowName,
      priority: input.route.priority,
      tier: input.route.tier,
      sensitive: input.evaluation.sensitive,
      isAudit: input.isAudit ?? false,
      confidence: input.evaluation.confidence,
      proposal: input.evaluation.proposal as Prisma.InputJsonValue,
      context: {
        ...input.evaluation.context,
        sensitiveReasons: input.evaluation.sensitiveReasons,
        editableFields: input.editableFields,
      } as Prisma.InputJsonValue,
      // Sensitive items need two independent approvals (four eyes).
      requiredApprovals: input.evaluation.sensitive ? 2 : 1,
      slaMinutes,
      slaDueAt: dueAt,
      atRiskAt,
      createdAt: now,
    },
    select: { id: true },
  });
  await recordEvent(tx, {
    itemId: item.id,
    type: "created",
    data: { priority: input.route.priority, tier: input.route.tier, reason: input.route.reason, proposal: input.evaluation.proposal, ...(input.isAudit ? { audit: true } : {}) },
  });
  return { id: item.id, created: true };
}
