import { db } from "../db";
import { notFound } from "../errors";

export interface RunView {
  id: string;
  workflow: string;
  workflowVersion: number;
  status: string;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  currentStep: string | null;
  /** A completed run's result; a failed run's error handler output (null when it has none); null while in progress. */
  output: unknown;
  /** Why a failed run failed (kept when an error handler produced an output). */
  error: string | null;
  review: { itemId: string; status: string; priority: string; tier: string; slaDueAt: string } | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A run as API callers see it. Throws a 404 for an unknown (or malformed) id. */
export async function getRunView(id: string): Promise<RunView> {
  if (!UUID.test(id)) throw notFound(`Run "${id}"`);
  const run = await db.run.findUnique({
    where: { id },
    include: { reviewItems: { orderBy: { createdAt: "desc" }, take: 1, select: { id: true, status: true, priority: true, tier: true, slaDueAt: true } } },
  });
  if (!run) throw notFound(`Run "${id}"`);
  const item = run.reviewItems[0];
  return {
    id: run.id,
    workflow: run.workflowName,
    workflowVersion: run.workflowVersion,
    status: run.status,
    createdAt: run.createdAt.toISOString(),
    updatedAt: run.updatedAt.toISOString(),
    completedAt: run.completedAt?.toISOString() ?? null,
    currentStep: run.currentStepId,
    output: hasOutput(run.status) ? (run.output ?? null) : null,
    error: run.error,
    review: item ? { itemId: item.id, status: item.status, priority: item.priority, tier: item.tier, slaDueAt: item.slaDueAt.toISOString() } : null,
  };
}

// An error handler's output is the failed run's output (what it logged, whom it told): callers get it beside the error.
function hasOutput(status: string): boolean {
  return status === "completed" || status === "failed";
}
