import "server-only";
import { db } from "../db";
import { compileWorkflow } from "../engine/define-workflow";
import type { WorkflowRegistry } from "../engine/registry";
import type { ReviewPriority, ReviewTier } from "../engine/route-gate";
import type { ReviewAction } from "../engine/types";
import { notFound } from "../errors";
import { buildTimeline, type Timeline } from "./build-timeline";
import type { RunStatus } from "./find-runs";

export interface RunTimeline {
  id: string;
  workflowName: string;
  workflowVersion: number;
  status: RunStatus;
  input: unknown;
  /** The run's output once completed; a failed run's error handler output, if any; else null. */
  output: unknown;
  error: string | null;
  currentStepId: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  /** Steps with their attempts, failovers, parallel children and branch decisions, and where the time went. */
  timeline: Timeline;
  /** More attempts were recorded than the page loads (MAX_ATTEMPTS): the oldest are shown. */
  attemptsTruncated: boolean;
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

// Enough for any sane run (a 20-attempt run is already pathological); bounds the page for a runaway one.
const MAX_ATTEMPTS = 500;

/**
 * A run with its step timeline and review, for the run page. Throws a 404 for an unknown or
 * malformed id. With the registry, parallel children are grouped under their group (and tried
 * steps get their kind) while the group is still running; without it, once the group has joined.
 */
export async function getRunTimeline(id: string, options: { registry?: WorkflowRegistry; now?: Date } = {}): Promise<RunTimeline> {
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
          output: true,
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
      attempts: {
        orderBy: [{ startedAt: "asc" }, { finishedAt: "asc" }],
        take: MAX_ATTEMPTS + 1,
        select: {
          stepId: true,
          attempt: true,
          model: true,
          provider: true,
          status: true,
          error: true,
          failover: true,
          latencyMs: true,
          confidence: true,
          inputLength: true,
          outputLength: true,
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
  const definition = options.registry?.get(run.workflowName, run.workflowVersion);
  const graph = definition ? compileWorkflow(definition) : null;
  const position = new Map([...(graph?.steps.keys() ?? [])].map((stepId, index) => [stepId, index]));
  const timeline = buildTimeline({
    run,
    rows: run.steps,
    attempts: run.attempts.slice(0, MAX_ATTEMPTS),
    parentOf: graph ? (stepId) => graph.parentOf.get(stepId)?.id ?? null : undefined,
    kindOf: graph ? (stepId) => graph.steps.get(stepId)?.kind ?? null : undefined,
    // A step that leads to another comes first; else the order they are written in.
    compareSteps: graph
      ? (a, b) =>
          graph.ancestors(b).has(a) ? -1 : graph.ancestors(a).has(b) ? 1 : (position.get(a) ?? position.size) - (position.get(b) ?? position.size)
      : undefined,
    now: options.now ?? new Date(),
  });
  return {
    id: run.id,
    workflowName: run.workflowName,
    workflowVersion: run.workflowVersion,
    status: run.status,
    input: run.input,
    output: run.status === "completed" || run.status === "failed" ? (run.output ?? null) : null,
    error: run.error,
    currentStepId: run.currentStepId,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    completedAt: run.completedAt,
    timeline,
    attemptsTruncated: run.attempts.length > MAX_ATTEMPTS,
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
