import { Queue } from "bullmq";
import { env } from "../env";
import { sharedRedis } from "./connection";
import { MAINTENANCE_QUEUE, STEP_QUEUE, stepJobId, type StepJob } from "./definitions";

const globalForQueues = globalThis as unknown as { batonQueues?: Map<string, Queue> };

export function getQueue(name: string): Queue {
  globalForQueues.batonQueues ??= new Map();
  let queue = globalForQueues.batonQueues.get(name);
  if (!queue) {
    queue = new Queue(name, { connection: sharedRedis(), prefix: env().BATON_QUEUE_PREFIX });
    globalForQueues.batonQueues.set(name, queue);
  }
  return queue;
}

export interface EnqueueStepOptions {
  attempts?: number;
  backoffMs?: number;
  backoff?: "fixed" | "exponential";
}

export async function enqueueStep(job: StepJob, options: EnqueueStepOptions = {}): Promise<void> {
  await getQueue(STEP_QUEUE).add("execute-step", job, {
    jobId: stepJobId(job),
    attempts: options.attempts ?? 1,
    backoff: options.backoffMs ? { type: options.backoff ?? "exponential", delay: options.backoffMs } : undefined,
    // Completed step jobs are forgotten at once: PostgreSQL holds the result, and a finished id
    // must be free for the reconciler to re-drive the run if ever needed.
    removeOnComplete: true,
    removeOnFail: { age: 7 * 24 * 3600 },
  });
}

export async function scheduleMaintenance(): Promise<void> {
  const queue = getQueue(MAINTENANCE_QUEUE);
  await queue.upsertJobScheduler("release-expired-leases", { every: 15_000 }, { name: "release-expired-leases" });
  await queue.upsertJobScheduler("reconcile-runs", { every: 30_000 }, { name: "reconcile-runs" });
}

export async function closeQueues(): Promise<void> {
  const queues = [...(globalForQueues.batonQueues?.values() ?? [])];
  globalForQueues.batonQueues?.clear();
  await Promise.all(queues.map((queue) => queue.close()));
}
