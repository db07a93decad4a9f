import type { JobsOptions } from "bullmq";
import { STEP_QUEUE, stepJobId } from "../queues/definitions";
import { getQueue } from "../queues/producers";
import { stepJobBackoff } from "./backoff";
import { compileWorkflow, isTaskStep } from "./define-workflow";
import type { WorkflowDefinition } from "./types";

export const STEP_JOB_NAME = "execute-step";

/**
 * The attempt a step job starts at: 1, or N for `execute-step@N` — the retry of a step whose
 * first attempts ran inline in the job of the step before it.
 */
export function firstAttemptOf(jobName: string): number {
  const match = /@(\d+)$/.exec(jobName);
  return match ? Math.max(1, Number(match[1])) : 1;
}

function jobOptions(definition: WorkflowDefinition<unknown>, runId: string, stepId: string, fromAttempt = 1): JobsOptions {
  const step = compileWorkflow(definition).steps.get(stepId);
  const retry = step && isTaskStep(step) ? step.retry : undefined;
  const attempts = Math.max(1, (retry?.attempts ?? 1) - (fromAttempt - 1));
  return {
    jobId: stepJobId({ runId, stepId }),
    attempts,
    ...(retry && attempts > 1 ? { backoff: stepJobBackoff(retry) } : {}),
    // A finished step job is forgotten at once: PostgreSQL holds the result, and the id must be
    // free for the reconciler to re-drive the run if ever needed.
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/**
 * Enqueues step jobs with each step's retry policy (BullMQ's attempts, and Baton's backoff
 * strategy, which honours Retry-After). The job id `<runId>.<stepId>` absorbs duplicates.
 */
export async function enqueueWorkflowSteps(definition: WorkflowDefinition<unknown>, runId: string, stepIds: string[]): Promise<void> {
  if (stepIds.length === 0) return;
  const queue = getQueue(STEP_QUEUE);
  if (stepIds.length === 1) {
    await queue.add(STEP_JOB_NAME, { runId, stepId: stepIds[0]! }, jobOptions(definition, runId, stepIds[0]!));
    return;
  }
  await queue.addBulk(stepIds.map((stepId) => ({ name: STEP_JOB_NAME, data: { runId, stepId }, opts: jobOptions(definition, runId, stepId) })));
}

/** Attempt `fromAttempt` of a step whose earlier attempt ran inline, after `delayMs`. */
export async function enqueueStepRetry(definition: WorkflowDefinition<unknown>, runId: string, stepId: string, fromAttempt: number, delayMs: number): Promise<void> {
  await getQueue(STEP_QUEUE).add(`${STEP_JOB_NAME}@${fromAttempt}`, { runId, stepId }, { ...jobOptions(definition, runId, stepId, fromAttempt), delay: Math.max(0, delayMs) });
}

export async function enqueueWorkflowStep(definition: WorkflowDefinition<unknown>, runId: string, stepId: string): Promise<void> {
  await enqueueWorkflowSteps(definition, runId, [stepId]);
}
