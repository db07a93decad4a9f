import { Worker } from "bullmq";
import { stepBackoffStrategy } from "@/lib/engine/backoff";
import type { WorkflowRegistry } from "@/lib/engine/registry";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { createRedisConnection } from "@/lib/queues/connection";
import { MAINTENANCE_QUEUE, STEP_QUEUE, WEBHOOK_QUEUE } from "@/lib/queues/definitions";
import { scheduleMaintenance } from "@/lib/queues/producers";
import { createMaintenanceProcessor } from "./processors/maintenance";
import { createStepProcessor } from "./processors/steps";
import { processWebhook } from "./processors/webhooks";
import { workerConfig } from "./worker-config";

export interface RunningWorkers {
  /** Stops taking jobs and waits for the in-flight ones. */
  close(): Promise<void>;
  /** Aborts every in-flight step: each is handed back to the queue (its attempt does not count). */
  handBackInFlight(): void;
}

// The maintenance schedule lives in Redis: a Redis that restarted empty (or was flushed) would
// lose it, and with it the reconciler that re-drives runs. Re-declaring it is idempotent.
const RESCHEDULE_EVERY_MS = 15_000;

/** Starts every queue's worker in this process. Used by workers/index.ts and the integration tests. */
export async function startWorkers(registry: WorkflowRegistry, options: { concurrency?: number; maintenance?: boolean } = {}): Promise<RunningWorkers> {
  const { BATON_QUEUE_PREFIX: prefix, BATON_STEP_CONCURRENCY } = env();
  const config = workerConfig();
  const connection = createRedisConnection();
  const stepWorker = new Worker(STEP_QUEUE, createStepProcessor(registry), {
    connection,
    prefix,
    concurrency: options.concurrency ?? BATON_STEP_CONCURRENCY,
    lockDuration: config.BATON_STEP_LOCK_MS,
    stalledInterval: config.BATON_STALLED_INTERVAL_MS,
    maxStalledCount: config.BATON_MAX_STALLED_COUNT,
    settings: { backoffStrategy: stepBackoffStrategy },
  });
  const workers: Worker[] = [stepWorker, new Worker(WEBHOOK_QUEUE, processWebhook, { connection, prefix, concurrency: 4 })];
  let reschedule: NodeJS.Timeout | undefined;
  if (options.maintenance !== false) {
    workers.push(new Worker(MAINTENANCE_QUEUE, createMaintenanceProcessor(registry), { connection, prefix, concurrency: 1 }));
    await scheduleMaintenance();
    const redeclare = () => scheduleMaintenance().catch((error) => logger.warn({ err: error }, "could not declare the maintenance schedule"));
    reschedule = setInterval(redeclare, RESCHEDULE_EVERY_MS);
    reschedule.unref();
    connection.on("ready", redeclare);
  }
  for (const worker of workers) {
    worker.on("failed", (job, error) => logger.warn({ queue: worker.name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: error }, "job failed"));
    worker.on("error", (error) => logger.error({ queue: worker.name, err: error }, "worker error"));
  }
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  return {
    close: async () => {
      clearInterval(reschedule);
      // close() lets in-flight jobs finish; jobs not finished are handed back by BullMQ's stall check.
      await Promise.all(workers.map((worker) => worker.close()));
      connection.disconnect();
    },
    handBackInFlight: () => stepWorker.cancelAllJobs("worker shutting down"),
  };
}
