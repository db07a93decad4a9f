import { DelayedError, WaitingError, type Job } from "bullmq";
import { HandBackError, isTransientInfrastructureError } from "@/lib/engine/errors";
import { firstAttemptOf } from "@/lib/engine/enqueue-step";
import { executeStep } from "@/lib/engine/execute-step";
import type { WorkflowRegistry } from "@/lib/engine/registry";
import { logger } from "@/lib/logger";
import { stepJobSchema } from "@/lib/queues/definitions";

/** How long a step job waits when PostgreSQL is unreachable, before it tries again. */
export const INFRASTRUCTURE_RETRY_MS = 1_000;

export function createStepProcessor(registry: WorkflowRegistry) {
  return async (job: Job, token?: string, signal?: AbortSignal) => {
    const data = stepJobSchema.parse(job.data);
    // A retry of a step whose first attempt ran inline starts counting where that attempt stopped.
    const before = firstAttemptOf(job.name) - 1;
    try {
      return await executeStep(registry, {
        ...data,
        attempt: before + job.attemptsMade + 1,
        maxAttempts: before + (job.opts.attempts ?? 1),
        signal,
      });
    } catch (error) {
      // Shutting down: hand the job back to the queue; the attempt does not count.
      if (error instanceof HandBackError) {
        await job.moveToWait(token);
        throw new WaitingError();
      }
      // Baton's own storage is down (PostgreSQL restarting): not the step's fault, so the job
      // comes back shortly without spending one of the step's attempts.
      if (isTransientInfrastructureError(error)) {
        logger.warn({ err: error, runId: data.runId, stepId: data.stepId }, "storage unavailable; step job delayed");
        await job.moveToDelayed(Date.now() + INFRASTRUCTURE_RETRY_MS, token);
        throw new DelayedError();
      }
      throw error;
    }
  };
}
