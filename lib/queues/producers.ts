import { Queue } from "bullmq";
import { env } from "../env";
import { sharedRedis } from "./connection";
import { MAINTENANCE_QUEUE, STEP_QUEUE, WEBHOOK_QUEUE, stepJobId, type StepJob, type WebhookJob } from "./definitions";

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
  // Every second: breach detection must lag deadlines by seconds, and the sweep is an index scan.
  await queue.upsertJobScheduler("sweep-sla", { every: 1_000 }, { name: "sweep-sla", opts: { removeOnComplete: true, removeOnFail: 100 } });
  await queue.upsertJobScheduler("release-expired-leases", { every: 5_000 }, { name: "release-expired-leases", opts: { removeOnComplete: true, removeOnFail: 100 } });
  await queue.upsertJobScheduler("reconcile-runs", { every: 10_000 }, { name: "reconcile-runs", opts: { removeOnComplete: true, removeOnFail: 100 } });
  // Every minute: the dashboard's hourly roll-up (lib/dashboard/roll-up-dashboard.ts). Its lag
  // only costs the dashboard speed, never accuracy: what is not rolled up is computed live.
  await queue.upsertJobScheduler("roll-up-dashboard", { every: 60_000 }, { name: "roll-up-dashboard", opts: { removeOnComplete: true, removeOnFail: 100 } });
}

/**
 * Another pass of the dashboard roll-up right away, while it is still rolling up history (each
 * pass does about a second of it, so the other maintenance jobs run in between). The id, made of
 * the progress so far, keeps it to one pending pass however many workers ask.
 */
export async function enqueueDashboardRollUp(progress: string): Promise<void> {
  await getQueue(MAINTENANCE_QUEUE).add("roll-up-dashboard", {}, { jobId: `roll-up-dashboard.${progress}`, removeOnComplete: true, removeOnFail: 100 });
}

/** Delivers a signed webhook with retries; the key makes a repeated enqueue a no-op. */
export async function enqueueWebhook(job: WebhookJob): Promise<void> {
  await getQueue(WEBHOOK_QUEUE).add("deliver", job, {
    jobId: job.key.replace(/:/g, "."),
    attempts: 8,
    backoff: { type: "exponential", delay: 1_000 },
    removeOnComplete: { age: 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  });
}

/** Escalation webhooks go to BATON_ESCALATION_WEBHOOK_URL when it is set. */
export async function enqueueEscalationWebhook(job: Omit<WebhookJob, "url">): Promise<void> {
  const url = env().BATON_ESCALATION_WEBHOOK_URL;
  if (url) await enqueueWebhook({ ...job, url });
}

export async function closeQueues(): Promise<void> {
  const queues = [...(globalForQueues.batonQueues?.values() ?? [])];
  globalForQueues.batonQueues?.clear();
  await Promise.all(queues.map((queue) => queue.close()));
}
