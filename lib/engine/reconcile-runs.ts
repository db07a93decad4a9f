import { db } from "../db";
import { logger } from "../logger";
import { STEP_QUEUE, stepJobId } from "../queues/definitions";
import { getQueue } from "../queues/producers";
import { enqueueWorkflowStep } from "./enqueue-step";
import type { WorkflowRegistry } from "./registry";

/**
 * PostgreSQL is the source of truth; Redis only carries work in flight. Any run that should be
 * moving but has not changed for a while (its job was lost: a crash between commit and enqueue,
 * a Redis restart or flush) gets its current step enqueued again. The job id dedupes a step that
 * is in fact still queued or running, and a committed step is never executed twice.
 */
export async function reconcileRuns(registry: WorkflowRegistry, options: { staleAfterMs?: number; limit?: number } = {}): Promise<number> {
  const staleBefore = new Date(Date.now() - (options.staleAfterMs ?? 60_000));
  const stalled = await db.run.findMany({
    where: { status: { in: ["queued", "running"] }, updatedAt: { lt: staleBefore } },
    select: { id: true, workflowName: true, workflowVersion: true, currentStepId: true },
    orderBy: { updatedAt: "asc" },
    take: options.limit ?? 500,
  });
  const queue = getQueue(STEP_QUEUE);
  let redriven = 0;
  for (const run of stalled) {
    const definition = registry.get(run.workflowName, run.workflowVersion);
    const stepId = run.currentStepId ?? definition?.steps[0]?.id;
    if (!definition || !stepId) continue;
    const job = await queue.getJob(stepJobId({ runId: run.id, stepId }));
    const failed = job ? await job.isFailed() : false;
    if (job && failed) await job.retry();
    else if (!job) await enqueueWorkflowStep(definition, run.id, stepId);
    // Touch the run so it is not picked again before the re-driven job had its chance.
    await db.run.update({ where: { id: run.id }, data: { updatedAt: new Date() } });
    if (!job || failed) redriven++;
  }
  if (redriven > 0) logger.info({ redriven }, "reconciler re-drove stalled runs");
  return redriven;
}
