import { enqueueStep } from "../queues/producers";
import { getStep } from "./define-workflow";
import type { WorkflowDefinition } from "./types";

/** Enqueues a step with that step's retry policy (BullMQ's attempts and backoff carry it out). */
export async function enqueueWorkflowStep(definition: WorkflowDefinition<unknown>, runId: string, stepId: string): Promise<void> {
  const step = getStep(definition, stepId);
  const retry = step && step.kind !== "gate" ? step.retry : undefined;
  await enqueueStep(
    { runId, stepId },
    retry && retry.attempts > 1 ? { attempts: retry.attempts, backoff: retry.backoff, backoffMs: Math.max(1, retry.delayMs) } : {},
  );
}
