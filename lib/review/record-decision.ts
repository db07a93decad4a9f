import { db, Prisma } from "../db";
import { conflict, notFound } from "../errors";
import type { GateOutput } from "../engine/types";
import { commitStep } from "../runs/commit-step";
import { resumeRun } from "../engine/resume-run";
import type { DecisionInput } from "../schemas/review";
import { recordEvent } from "./record-event";

interface LockedItem {
  id: string;
  run_id: string;
  step_id: string;
  status: "pending" | "claimed" | "decided";
  claimed_by_id: string | null;
  lease_expires_at: Date | null;
  created_at: Date;
  confidence: number;
  proposal: Record<string, unknown>;
  context: { editableFields?: string[] };
}

export interface RecordedDecision {
  itemId: string;
  runId: string;
  /** false when this exact decision had already been recorded: nothing changed. */
  recorded: boolean;
}

/**
 * Stores a reviewer's decision once and resumes the waiting run. Decision, gate result and run
 * state commit in one transaction; the resume job is enqueued after it, and the reconciler
 * re-drives the run if that enqueue is lost.
 */
export async function recordDecision(input: { itemId: string; reviewerId: string; decision: DecisionInput }): Promise<RecordedDecision> {
  const { itemId, reviewerId, decision } = input;
  const result = await db.$transaction(async (tx) => {
    const [item] = await tx.$queryRaw<LockedItem[]>`
      SELECT id, run_id, step_id, status, claimed_by_id, lease_expires_at, created_at, confidence, proposal, context
      FROM review_items WHERE id = ${itemId}::uuid FOR UPDATE`;
    if (!item) throw notFound("Review item");

    if (item.status === "decided") {
      const previous = await tx.reviewDecision.findFirst({ where: { itemId, reviewerId } });
      if (previous && sameDecision(previous, decision)) return { itemId, runId: item.run_id, stepId: item.step_id, recorded: false };
      throw conflict("This item has already been decided", "already_decided");
    }
    if (item.status !== "claimed" || item.claimed_by_id !== reviewerId) {
      throw conflict("You do not hold this item: open it from the queue first", "not_claimed");
    }
    if (!item.lease_expires_at || item.lease_expires_at.getTime() <= Date.now()) {
      throw conflict("Your claim on this item expired: open it from the queue again", "lease_expired");
    }

    const output = finalOutput(item, decision);
    const decidedAt = new Date();
    await tx.reviewDecision.create({
      data: {
        itemId,
        reviewerId,
        action: decision.action,
        editedOutput: decision.action === "edited" ? (output as Prisma.InputJsonValue) : Prisma.DbNull,
        reason: decision.action === "rejected" ? decision.reason : null,
        createdAt: decidedAt,
      },
    });
    await tx.reviewItem.update({
      where: { id: itemId },
      data: {
        status: "decided",
        decision: decision.action,
        finalOutput: output === null ? Prisma.DbNull : (output as Prisma.InputJsonValue),
        decidedById: reviewerId,
        decidedAt,
        leaseExpiresAt: null,
      },
    });
    await recordEvent(tx, {
      itemId,
      type: "decided",
      actorId: reviewerId,
      data: { action: decision.action, before: item.proposal, after: output, reason: decision.action === "rejected" ? decision.reason : null },
    });

    const gateOutput: GateOutput = {
      route: "review",
      confidence: item.confidence,
      reviewItemId: itemId,
      decision: { action: decision.action, reviewerId, reason: decision.action === "rejected" ? decision.reason : null },
      output,
    };
    await commitStep(tx, {
      runId: item.run_id,
      stepId: item.step_id,
      kind: "gate",
      status: "completed",
      output: gateOutput,
      attempts: 1,
      confidence: item.confidence,
      startedAt: item.created_at,
      finishedAt: decidedAt,
    });
    await tx.run.update({ where: { id: item.run_id }, data: { status: "running", currentStepId: item.step_id } });
    return { itemId, runId: item.run_id, stepId: item.step_id, recorded: true };
  });

  if (result.recorded) await resumeRun({ runId: result.runId, stepId: result.stepId, itemId });
  return { itemId: result.itemId, runId: result.runId, recorded: result.recorded };
}

function finalOutput(item: LockedItem, decision: DecisionInput): Record<string, unknown> | null {
  if (decision.action === "approved") return item.proposal;
  if (decision.action === "rejected") return null;
  const field = item.context.editableFields?.[0] ?? "reply";
  return { ...item.proposal, [field]: decision.editedText };
}

function sameDecision(previous: { action: string; reason: string | null; editedOutput: unknown }, decision: DecisionInput): boolean {
  if (previous.action !== decision.action) return false;
  if (decision.action === "rejected") return previous.reason === decision.reason;
  if (decision.action === "edited") {
    return Object.values((previous.editedOutput ?? {}) as Record<string, unknown>).includes(decision.editedText);
  }
  return true;
}
