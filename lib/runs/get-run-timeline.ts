import "server-only";
import { db } from "../db";
import type { ReviewPriority, ReviewTier } from "../engine/route-gate";
import type { ReviewAction } from "../engine/types";
import { notFound } from "../errors";
import type { RunStatus } from "./find-runs";

export interface TimelineStep {
  stepId: string;
  kind: string;
  status: "completed" | "failed";
  model: string | null;
  attempts: number;
  latencyMs: number;
  confidence: number | null;
  inputLength: number | null;
  outputLength: number | null;
  error: string | null;
  startedAt: Date;
  finishedAt: Date;
}

export interface RunTimeline {
  id: string;
  workflowName: string;
  workflowVersion: number;
  status: RunStatus;
  input: unknown;
  /** The run's output once completed, else null. */
  output: unknown;
  error: string | null;
  currentStepId: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  /** Committed steps in the order they started. */
  steps: TimelineStep[];
  review: {
    itemId: string;
    status: "pending" | "claimed" | "decided";
    priority: ReviewPriority;
    tier: ReviewTier;
    slaDueAt: Date;
    createdAt: Date;
    claimedBy: { id: string; name: string } | null;
    decision: ReviewAction | null;
    decidedBy: { id: string; name: string } | null;
    decidedAt: Date | null;
    reason: string | null;
    /** Decisions recorded so far: two or three for four-eyes items. */
    reviewCount: number;
  } | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A run with its step timeline and review, for the run page. Throws a 404 for an unknown or malformed id. */
export async function getRunTimeline(id: string): Promise<RunTimeline> {
  if (!UUID.test(id)) throw notFound("Run");
  const run = await db.run.findUnique({
    where: { id },
    include: {
      steps: {
        orderBy: [{ startedAt: "asc" }, { finishedAt: "asc" }],
        select: {
          stepId: true,
          kind: true,
          status: true,
          model: true,
          attempts: true,
          latencyMs: true,
          confidence: true,
          inputLength: true,
          outputLength: true,
          error: true,
          startedAt: true,
          finishedAt: true,
        },
      },
      reviewItems: {
        orderBy: { createdAt: "desc" },
        take: 1,
        select: {
          id: true,
          status: true,
          priority: true,
          tier: true,
          slaDueAt: true,
          createdAt: true,
          decision: true,
          decidedAt: true,
          claimedBy: { select: { id: true, name: true } },
          decidedBy: { select: { id: true, name: true } },
          decisions: { orderBy: { createdAt: "asc" }, select: { action: true, reason: true } },
        },
      },
    },
  });
  if (!run) throw notFound("Run");
  const item = run.reviewItems[0];
  return {
    id: run.id,
    workflowName: run.workflowName,
    workflowVersion: run.workflowVersion,
    status: run.status,
    input: run.input,
    output: run.status === "completed" ? run.output : null,
    error: run.error,
    currentStepId: run.currentStepId,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    completedAt: run.completedAt,
    steps: run.steps,
    review: item
      ? {
          itemId: item.id,
          status: item.status,
          priority: item.priority,
          tier: item.tier,
          slaDueAt: item.slaDueAt,
          createdAt: item.createdAt,
          claimedBy: item.claimedBy,
          decision: item.decision,
          decidedBy: item.decidedBy,
          decidedAt: item.decidedAt,
          // A four-eyes rejection may carry a reason from each reviewer.
          reason: item.decision === "rejected" ? item.decisions.flatMap((d) => (d.action === "rejected" && d.reason ? [d.reason] : [])).join(" / ") || null : null,
          reviewCount: item.decisions.length,
        }
      : null,
  };
}
