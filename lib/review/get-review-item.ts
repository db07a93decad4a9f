import "server-only";
import { db } from "../db";
import type { ReviewPriority, ReviewTier } from "../engine/route-gate";
import type { ReviewAction } from "../engine/types";
import { notFound } from "../errors";
import { isUuid } from "../text/is-uuid";

export type ReviewStage = "first_review" | "second_review" | "tie_break";

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

export interface ReviewItemDecision {
  reviewer: { id: string; name: string };
  stage: ReviewStage;
  action: ReviewAction;
  reason: string | null;
  /** The editable field as this reviewer left it, when they edited. */
  editedText: string | null;
  createdAt: Date;
}

export interface ReviewItemDetail {
  id: string;
  runId: string;
  stepId: string;
  workflowName: string;
  status: "pending" | "claimed" | "decided";
  stage: ReviewStage;
  /** 2 for four-eyes items: two independent reviewers must agree. */
  requiredApprovals: number;
  priority: ReviewPriority;
  tier: ReviewTier;
  sensitive: boolean;
  confidence: number;
  slaMinutes: number;
  slaDueAt: Date;
  atRiskAt: Date;
  escalationLevel: number;
  createdAt: Date;
  assignedTo: { id: string; name: string } | null;
  claimedBy: { id: string; name: string } | null;
  claimedAt: Date | null;
  leaseExpiresAt: Date | null;
  /** The AI output under review, unchanged. */
  proposal: Record<string, unknown>;
  /** The proposal field a reviewer edits (the gate's first editable field). */
  editableField: string;
  /**
   * The text "Approve" approves at this stage: the first reviewer's edit in a second review
   * (record-decision.ts approves what the first reviewer left), else the AI's proposal.
   */
  textToApprove: string | null;
  /** What the reviewer judges it by, read defensively: context is whatever the gate stored. */
  context: {
    message: string | null;
    alternatives: { intent: string; probability: number }[];
    articleTitle: string | null;
    sensitiveReasons: string[];
  };
  /** Every decision so far, oldest first (several for four-eyes items). */
  decisions: ReviewItemDecision[];
  /** The final outcome, once the item is decided. */
  decision: {
    action: ReviewAction;
    decidedBy: { id: string; name: string } | null;
    decidedAt: Date | null;
    reason: string | null;
    finalOutput: Record<string, unknown> | null;
  } | null;
  /** The run's committed steps up to this gate, in the order they started: what led to this item. */
  steps: ReviewItemStep[];
}

const person = { select: { id: true, name: true } } as const;

/** One review item with what a reviewer needs to judge it. Throws a 404 for an unknown or malformed id. */
export async function getReviewItem(id: string): Promise<ReviewItemDetail> {
  if (!isUuid(id)) throw notFound("Review item");
  const item = await db.reviewItem.findUnique({
    where: { id },
    include: {
      assignedTo: person,
      claimedBy: person,
      decidedBy: person,
      decisions: {
        orderBy: { createdAt: "asc" },
        select: { stage: true, action: true, reason: true, editedOutput: true, createdAt: true, reviewer: person },
      },
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
  const editableField = editableFields[0] ?? "reply";
  const proposal = asRecord(item.proposal);
  const decisions: ReviewItemDecision[] = item.decisions.map((d) => {
    const edited = asRecord(d.editedOutput)[editableField];
    return { reviewer: d.reviewer, stage: d.stage, action: d.action, reason: d.reason, editedText: d.action === "edited" && isString(edited) ? edited : null, createdAt: d.createdAt };
  });
  const firstReview = decisions.find((d) => d.stage === "first_review");
  const proposedText = isString(proposal[editableField]) ? (proposal[editableField] as string) : null;
  const article = asRecord(context.article);

  return {
    id: item.id,
    runId: item.runId,
    stepId: item.stepId,
    workflowName: item.workflowName,
    status: item.status,
    stage: item.stage,
    requiredApprovals: item.requiredApprovals,
    priority: item.priority,
    tier: item.tier,
    sensitive: item.sensitive,
    confidence: item.confidence,
    slaMinutes: item.slaMinutes,
    slaDueAt: item.slaDueAt,
    atRiskAt: item.atRiskAt,
    escalationLevel: item.escalationLevel,
    createdAt: item.createdAt,
    assignedTo: item.assignedTo,
    claimedBy: item.claimedBy,
    claimedAt: item.claimedAt,
    leaseExpiresAt: item.leaseExpiresAt,
    proposal,
    editableField,
    textToApprove: item.stage === "second_review" && firstReview?.editedText ? firstReview.editedText : proposedText,
    context: {
      message: isString(context.message) ? context.message : null,
      alternatives: readAlternatives(context.alternatives),
      articleTitle: isString(article.title) ? article.title : null,
      sensitiveReasons: Array.isArray(context.sensitiveReasons) ? context.sensitiveReasons.filter(isString) : [],
    },
    decisions,
    decision: item.decision
      ? {
          action: item.decision,
          decidedBy: item.decidedBy,
          decidedAt: item.decidedAt,
          // A four-eyes rejection may carry a reason from each reviewer.
          reason: item.decision === "rejected" ? decisions.flatMap((d) => (d.action === "rejected" && d.reason ? [d.reason] : [])).join(" / ") || null : null,
          finalOutput: item.finalOutput === null ? null : asRecord(item.finalOutput),
        }
      : null,
    // After a decision the run goes on; those later steps did not lead here.
    steps: item.run.steps.filter((step) => step.startedAt <= item.createdAt),
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
