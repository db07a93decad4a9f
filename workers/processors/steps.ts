import type { Job } from "bullmq";
import { executeStep } from "@/lib/engine/execute-step";
import type { WorkflowRegistry } from "@/lib/engine/registry";
import { stepJobSchema } from "@/lib/queues/definitions";

export function createStepProcessor(registry: WorkflowRegistry) {
  return async (job: Job, _token?: string, signal?: AbortSignal) => {
    const data = stepJobSchema.parse(job.data);
    return executeStep(registry, {
      ...data,
      attempt: job.attemptsMade + 1,
      maxAttempts: job.opts.attempts ?? 1,
      signal,
    });
  };
}
