import "server-only";
import { db } from "../db";
import type { ReviewPriority, ReviewTier } from "../engine/route-gate";
import type { ReviewAction } from "../engine/types";
import { notFound } from "../errors";

export interface ReviewItemStep {
  stepId: string;
  kind: string;
  status: "completed" | "failed";
  model: string | null;
  attempts: number;
  latencyMs: number;
  confidence: number | null;
  startedAt: Date;
}

export interface ReviewItemDetail {
  id: string;
  runId: string;
  stepId: string;
  workflowName: string;
  status: "pending" | "claimed" | "decided";
  priority: ReviewPriority;
  tier: ReviewTier;
  sensitive: boolean;
  confidence: number;
  slaMinutes: number;
  slaDueAt: Date;
  createdAt: Date;
  claimedBy: { id: string; name: string } | null;
  claimedAt: Date | null;
  leaseExpiresAt: Date | null;
  /** The AI output under review, unchanged. */
  proposal: Record<string, unknown>;
  /** The proposal field a reviewer edits (the gate's first editable field). */
  editableField: string;
  /** What the reviewer judges it by, read defensively: context is whatever the gate stored. */
  context: {
    message: string | null;
    alternatives: { intent: string; probability: number }[];
    articleTitle: string | null;
    sensitiveReasons: string[];
  };
  decision: {
    action: ReviewAction;
    decidedBy: { id: string; name: string } | null;
    decidedAt: Date | null;
    reason: string | null;
    finalOutput: Record<string, unknown> | null;
  } | null;
  /** The run's committed steps, in the order they started: what led to this item. */
  steps: ReviewItemStep[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One review item with what a reviewer needs to judge it. Throws a 404 for an unknown or malformed id. */
export async function getReviewItem(id: string): Promise<ReviewItemDetail> {
  if (!UUID.test(id)) throw notFound("Review item");
  const item = await db.reviewItem.findUnique({
    where: { id },
    include: {
      claimedBy: { select: { id: true, name: true } },
      decidedBy: { select: { id: true, name: true } },
      decisions: { orderBy: { createdAt: "desc" }, take: 1, select: { reason: true } },
      run: {
        select: {
          steps: {
            orderBy: { startedAt: "asc" },
            select: { stepId: true, kind: true, status: true, model: true, attempts: true, latencyMs: true, confidence: true, startedAt: true },
          },
        },
      },
    },
  });
  if (!item) throw notFound("Review item");

  const context = asRecord(item.context);
  const editableFields = Array.isArray(context.editableFields) ? context.editableFields.filter(isString) : [];
  return {
    id: item.id,
    runId: item.runId,
    stepId: item.stepId,
    workflowName: item.workflowName,
    status: item.status,
    priority: item.priority,
    tier: item.tier,
    sensitive: item.sensitive,
    confidence: item.confidence,
    slaMinutes: item.slaMinutes,
    slaDueAt: item.slaDueAt,
    createdAt: item.createdAt,
    claimedBy: item.claimedBy,
    claimedAt: item.claimedAt,
    leaseExpiresAt: item.leaseExpiresAt,
    proposal: asRecord(item.proposal),
    editableField: editableFields[0] ?? "reply",
    context: {
      message: isString(context.message) ? context.message : null,
      alternatives: readAlternatives(context.alternatives),
      articleTitle: isString(asRecord(context.article).title) ? (asRecord(context.article).title as string) : null,
      sensitiveReasons: Array.isArray(context.sensitiveReasons) ? context.sensitiveReasons.filter(isString) : [],
    },
    decision: item.decision
      ? {
          action: item.decision,
          decidedBy: item.decidedBy,
          decidedAt: item.decidedAt,
          reason: item.decisions[0]?.reason ?? null,
          finalOutput: item.finalOutput === null ? null : asRecord(item.finalOutput),
        }
      : null,
    // Only the steps up to this gate: after a decision the run goes on, and those steps did not lead here.
    steps: item.run.steps.filter((step) => step.stepId === item.stepId || step.startedAt <= item.createdAt),
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}

function readAlternatives(value: unknown): { intent: string; probability: number }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const { intent, probability } = asRecord(entry);
    return isString(intent) && typeof probability === "number" ? [{ intent, probability }] : [];
  });
}
