import { db, Prisma, type Tx } from "../db";
import { conflict, notFound } from "../errors";
import type { GateOutput, ReviewAction } from "../engine/types";
import { resumeRun } from "../engine/resume-run";
import { commitStep } from "../runs/commit-step";
import type { DecisionInput } from "../schemas/review";
import { recordEvent } from "./record-event";

type Stage = "first_review" | "second_review" | "tie_break";

interface LockedItem {
  id: string;
  run_id: string;
  step_id: string;
  status: "pending" | "claimed" | "decided";
  stage: Stage;
  is_audit: boolean;
  required_approvals: number;
  claimed_by_id: string | null;
  lease_expires_at: Date | null;
  created_at: Date;
  confidence: number;
  proposal: Record<string, unknown>;
  context: { editableFields?: string[] };
  decisions: StoredDecision[];
}

interface StoredDecision {
  reviewerId: string;
  action: ReviewAction;
  stage: Stage;
  reason: string | null;
  editedOutput: unknown;
}

export interface RecordedDecision {
  itemId: string;
  runId: string;
  /** false when this exact decision had already been recorded: nothing changed. */
  recorded: boolean;
  /** What happens next: the run resumes, or the item waits for a second review or a tie-break. */
  outcome: "final" | "second_review" | "tie_break";
}

/**
 * Stores a reviewer's decision once. Most items need one decision; sensitive items need two
 * independent ones (four eyes) and go to a supervisor's tie-break when the two disagree. The final
 * decision, the gate's result and the run's state commit in one transaction; the resume job is
 * enqueued after it, and the reconciler resumes the run if that enqueue is lost.
 */
export async function recordDecision(input: { itemId: string; reviewerId: string; decision: DecisionInput }): Promise<RecordedDecision> {
  const { itemId, reviewerId, decision } = input;
  const result = await db.$transaction(async (tx) => {
    const [item] = await tx.$queryRaw<LockedItem[]>`
      SELECT id, run_id, step_id, status, stage, is_audit, required_approvals, claimed_by_id, lease_expires_at, created_at, confidence, proposal, context
      FROM review_items WHERE id = ${itemId}::uuid FOR UPDATE`;
    if (!item) throw notFound("Review item");

    const earlier = await tx.reviewDecision.findMany({
      where: { itemId },
      orderBy: { createdAt: "asc" },
      select: { reviewerId: true, action: true, stage: true, reason: true, editedOutput: true },
    });
    const mine = earlier.find((d) => d.reviewerId === reviewerId);
    if (mine) {
      // A repeated submit (double click, retry) is a no-op; anything else from the same person is refused.
      if (sameDecision(mine, decision, item)) return { itemId, runId: item.run_id, stepId: item.step_id, recorded: false, outcome: outcomeOf(item), isAudit: item.is_audit };
      throw conflict(item.status === "decided" ? "This item has already been decided" : "You have already decided this item", "already_decided");
    }
    if (item.status === "decided") throw conflict("This item has already been decided", "already_decided");
    if (item.status !== "claimed" || item.claimed_by_id !== reviewerId) {
      throw conflict("You do not hold this item: open it from the queue first", "not_claimed");
    }
    if (!item.lease_expires_at || item.lease_expires_at.getTime() <= Date.now()) {
      throw conflict("Your claim on this item expired: open it from the queue again", "lease_expired");
    }

    const output = outputFor(item, decision, earlier);
    const decidedAt = new Date();
    await tx.reviewDecision.create({
      data: {
        itemId,
        reviewerId,
        stage: item.stage,
        action: decision.action,
        editedOutput: decision.action === "edited" ? (output as Prisma.InputJsonValue) : Prisma.DbNull,
        reason: decision.action === "rejected" ? decision.reason : null,
        reasonCode: decision.action === "approved" ? null : (decision.reasonCode ?? null),
        createdAt: decidedAt,
      },
    });
    const mineNow: StoredDecision = { reviewerId, action: decision.action, stage: item.stage, reason: reasonOf(decision), editedOutput: output };
    const next = nextStage(item, mineNow, earlier);
    await recordEvent(tx, {
      itemId,
      type: "decided",
      actorId: reviewerId,
      data: {
        stage: item.stage,
        action: decision.action,
        before: item.proposal,
        after: output,
        reason: reasonOf(decision),
        reasonCode: decision.action === "approved" ? null : (decision.reasonCode ?? null),
        outcome: next,
      },
    });

    if (next !== "final") {
      await handOn(tx, item, next);
      return { itemId, runId: item.run_id, stepId: item.step_id, recorded: true, outcome: next, isAudit: item.is_audit };
    }
    await finalize(tx, item, reviewerId, decision.action === "edited" ? "edited" : decision.action, output, reasonOf(decision), decidedAt, earlier);
    return { itemId, runId: item.run_id, stepId: item.step_id, recorded: true, outcome: "final" as const, isAudit: item.is_audit };
  });

  // An audit sample's run never waited: its decision is a label for calibration, nothing resumes.
  if (result.recorded && result.outcome === "final" && !result.isAudit) {
    await resumeRun({ runId: result.runId, stepId: result.stepId, itemId });
  }
  return { itemId: result.itemId, runId: result.runId, recorded: result.recorded, outcome: result.outcome };
}

/** The proposal as this decision leaves it: the AI output, the edit, or nothing (rejected). */
function outputFor(item: LockedItem, decision: DecisionInput, earlier: StoredDecision[]): Record<string, unknown> | null {
  if (decision.action === "rejected") return null;
  if (decision.action === "edited") {
    const field = item.context.editableFields?.[0] ?? "reply";
    return { ...item.proposal, [field]: decision.editedText };
  }
  // Approving in a second review approves what the first reviewer left (their edit, if any).
  const first = earlier.find((d) => d.stage === "first_review");
  if (item.stage === "second_review" && first?.action === "edited") return first.editedOutput as Record<string, unknown>;
  return item.proposal;
}

/**
 * Four eyes: a second decision agrees when it approves the first reviewer's approval or edit, or
 * rejects a rejection. Anything else is a disagreement for a supervisor to settle.
 */
function nextStage(item: LockedItem, mine: StoredDecision, earlier: StoredDecision[]): RecordedDecision["outcome"] {
  if (item.stage === "tie_break" || item.required_approvals < 2) return "final";
  if (item.stage === "first_review") return "second_review";
  const first = earlier.find((d) => d.stage === "first_review");
  const agrees = first && ((mine.action === "approved" && first.action !== "rejected") || (mine.action === "rejected" && first.action === "rejected"));
  return agrees ? "final" : "tie_break";
}

/** Puts the item back in the queue for its next reviewer: another senior, or a supervisor. */
async function handOn(tx: Tx, item: LockedItem, stage: "second_review" | "tie_break"): Promise<void> {
  await tx.reviewItem.update({
    where: { id: item.id },
    data: {
      status: "pending",
      stage,
      claimedById: null,
      claimedAt: null,
      leaseExpiresAt: null,
      assignedToId: null,
      ...(stage === "tie_break" ? { tier: "supervisor" as const } : {}),
    },
  });
  await recordEvent(tx, { itemId: item.id, type: stage, data: { stage } });
}

async function finalize(
  tx: Tx,
  item: LockedItem,
  reviewerId: string,
  action: ReviewAction,
  output: Record<string, unknown> | null,
  reason: string | null,
  decidedAt: Date,
  earlier: StoredDecision[],
): Promise<void> {
  // An agreed second review keeps the first reviewer's kind of decision (an approved edit stays "edited").
  const first = earlier.find((d) => d.stage === "first_review");
  const finalAction: ReviewAction = item.stage === "second_review" && first && action === "approved" ? first.action : action;
  const finalReason = finalAction === "rejected" ? [first?.reason, reason].filter(Boolean).join(" / ") || reason : null;

  await tx.reviewItem.update({
    where: { id: item.id },
    data: {
      status: "decided",
      decision: finalAction,
      finalOutput: output === null ? Prisma.DbNull : (output as Prisma.InputJsonValue),
      decidedById: reviewerId,
      decidedAt,
      leaseExpiresAt: null,
      // Audit samples: the run went on automatically at the gate, so there is nothing to resume
      // (this also keeps the stalled-decision reconciler away from them).
      ...(item.is_audit ? { resumedAt: decidedAt } : {}),
    },
  });
  // The gate already committed the automatic output and the run moved on: an audit decision must
  // not rewrite the gate's result nor move the run.
  if (item.is_audit) return;
  const gateOutput: GateOutput = {
    route: "review",
    confidence: item.confidence,
    reviewItemId: item.id,
    decision: { action: finalAction, reviewerId, reason: finalReason },
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
}

function reasonOf(decision: DecisionInput): string | null {
  return decision.action === "rejected" ? decision.reason : null;
}

function outcomeOf(item: LockedItem): RecordedDecision["outcome"] {
  if (item.status === "decided") return "final";
  return item.stage === "tie_break" ? "tie_break" : item.stage === "second_review" ? "second_review" : "final";
}

function sameDecision(previous: StoredDecision, decision: DecisionInput, item: LockedItem): boolean {
  if (previous.action !== decision.action) return false;
  if (decision.action === "rejected") return previous.reason === decision.reason;
  if (decision.action === "edited") {
    const field = item.context.editableFields?.[0] ?? "reply";
    return (previous.editedOutput as Record<string, unknown> | null)?.[field] === decision.editedText;
  }
  return true;
}
