import type { JobsOptions } from "bullmq";
import { STEP_QUEUE, stepJobId } from "../queues/definitions";
import { getQueue } from "../queues/producers";
import { stepJobBackoff } from "./backoff";
import { compileWorkflow, isTaskStep } from "./define-workflow";
import type { WorkflowDefinition } from "./types";

function jobOptions(definition: WorkflowDefinition<unknown>, runId: string, stepId: string): JobsOptions {
  const step = compileWorkflow(definition).steps.get(stepId);
  const retry = step && isTaskStep(step) ? step.retry : undefined;
  return {
    jobId: stepJobId({ runId, stepId }),
    attempts: retry?.attempts ?? 1,
    ...(retry && retry.attempts > 1 ? { backoff: stepJobBackoff(retry) } : {}),
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
    await queue.add("execute-step", { runId, stepId: stepIds[0]! }, jobOptions(definition, runId, stepIds[0]!));
    return;
  }
  await queue.addBulk(stepIds.map((stepId) => ({ name: "execute-step", data: { runId, stepId }, opts: jobOptions(definition, runId, stepId) })));
}

export async function enqueueWorkflowStep(definition: WorkflowDefinition<unknown>, runId: string, stepId: string): Promise<void> {
  await enqueueWorkflowSteps(definition, runId, [stepId]);
}
