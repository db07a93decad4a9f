import { db } from "../db";
import { logger } from "../logger";
import { STEP_QUEUE, WEBHOOK_QUEUE, stepJobId } from "../queues/definitions";
import { getQueue } from "../queues/producers";
import { enqueueRunWebhook, runWebhookKey } from "../webhooks/enqueue-run-webhook";
import { compileWorkflow } from "./define-workflow";
import { enqueueWorkflowSteps } from "./enqueue-step";
import { timeOutRun } from "./execute-step";
import { loadRun } from "./load-run";
import type { WorkflowRegistry } from "./registry";
import { defaultStaleAfterMs } from "./stale-after";

export interface ReconcileOptions {
  /** A queued/running run that has not changed for this long is re-driven. */
  staleAfterMs?: number;
  limit?: number;
}

export { defaultStaleAfterMs } from "./stale-after";

/**
 * PostgreSQL is the source of truth; Redis only carries work in flight. Any run that should be
 * moving but has not changed for a while (its job was lost: a crash between commit and enqueue,
 * a Redis restart or flush) gets its current step enqueued again. The job id dedupes a step that
 * is in fact still queued or running, and a committed step is never executed twice.
 */
export async function reconcileRuns(registry: WorkflowRegistry, options: ReconcileOptions = {}): Promise<number> {
  const staleBefore = new Date(Date.now() - (options.staleAfterMs ?? defaultStaleAfterMs()));
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
    if (!definition) continue;
    const stepId = run.currentStepId ?? compileWorkflow(definition).entry;
    const job = await queue.getJob(stepJobId({ runId: run.id, stepId }));
    const failed = job ? await job.isFailed() : false;
    if (job && failed) await job.retry();
    else if (!job) await enqueueWorkflowSteps(definition, run.id, [stepId]);
    // Touch the run so it is not picked again before the re-driven job had its chance.
    await db.run.update({ where: { id: run.id }, data: { updatedAt: new Date() } });
    if (!job || failed) redriven++;
  }
  if (redriven > 0) logger.info({ redriven }, "reconciler re-drove stalled runs");
  return redriven;
}

/**
 * The workflow timeout for runs no step job is looking at (waiting out a long backoff, or lost):
 * past its deadline a run fails, or goes to its error handler. Runs waiting for a reviewer are
 * left alone (review time does not count), as are decided gates about to resume.
 */
export async function sweepDeadlines(registry: WorkflowRegistry, options: { limit?: number; graceMs?: number } = {}): Promise<number> {
  const overdue = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT r.id::text AS id FROM runs r
      WHERE r.status IN ('queued', 'running') AND r.deadline_at < now() - make_interval(secs => $1::int / 1000.0)
        AND NOT EXISTS (SELECT 1 FROM run_steps s WHERE s.run_id = r.id AND s.step_id = r.current_step_id)
      ORDER BY r.deadline_at LIMIT $2::int`,
    options.graceMs ?? 1_000,
    options.limit ?? 200,
  );
  let timedOut = 0;
  for (const { id } of overdue) {
    const run = await loadRun(id);
    const definition = run && registry.get(run.workflowName, run.workflowVersion);
    if (run && definition && (await timeOutRun(definition, run))) timedOut++;
  }
  if (timedOut > 0) logger.info({ timedOut }, "deadline sweep timed out runs");
  return timedOut;
}

/**
 * A finished run with a callback URL whose result delivery never started (the enqueue after the
 * commit was lost) gets it queued again; the key keeps it one delivery.
 */
export async function redriveWebhooks(registry: WorkflowRegistry, options: { staleAfterMs?: number; limit?: number } = {}): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ id: string; workflow_name: string; workflow_version: number; status: "completed" | "failed"; output: unknown; error: string | null; callback_url: string; updated_at: Date }[]>(
    `SELECT r.id::text AS id, r.workflow_name, r.workflow_version, r.status::text AS status, r.output, r.error, r.callback_url, r.updated_at
       FROM runs r
      WHERE r.status IN ('completed', 'failed') AND r.callback_url IS NOT NULL
        AND r.updated_at < now() - make_interval(secs => $1::int / 1000.0) AND r.updated_at > now() - interval '1 day'
        AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.run_id = r.id)
      ORDER BY r.updated_at LIMIT $2::int`,
    options.staleAfterMs ?? defaultStaleAfterMs(),
    options.limit ?? 200,
  );
  const queue = getQueue(WEBHOOK_QUEUE);
  let queued = 0;
  for (const row of rows) {
    if (!registry.get(row.workflow_name, Number(row.workflow_version))) continue;
    if (await queue.getJob(runWebhookKey(row.id))) continue;
    const sent = await enqueueRunWebhook(row.callback_url, {
      runId: row.id,
      workflow: row.workflow_name,
      workflowVersion: Number(row.workflow_version),
      status: row.status,
      output: row.output ?? null,
      error: row.status === "failed" ? row.error : null,
      finishedAt: new Date(row.updated_at).toISOString(),
    });
    if (sent) queued++;
  }
  if (queued > 0) logger.info({ queued }, "reconciler queued lost webhook deliveries");
  return queued;
}
