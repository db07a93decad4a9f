import { Worker } from "bullmq";
import type { WorkflowRegistry } from "@/lib/engine/registry";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { createRedisConnection } from "@/lib/queues/connection";
import { MAINTENANCE_QUEUE, STEP_QUEUE, WEBHOOK_QUEUE } from "@/lib/queues/definitions";
import { scheduleMaintenance } from "@/lib/queues/producers";
import { createMaintenanceProcessor } from "./processors/maintenance";
import { createStepProcessor } from "./processors/steps";
import { processWebhook } from "./processors/webhooks";

export interface RunningWorkers {
  close(): Promise<void>;
}

/** Starts every queue's worker in this process. Used by workers/index.ts and the integration tests. */
export async function startWorkers(registry: WorkflowRegistry, options: { concurrency?: number; maintenance?: boolean } = {}): Promise<RunningWorkers> {
  const { BATON_QUEUE_PREFIX: prefix, BATON_STEP_CONCURRENCY } = env();
  const connection = createRedisConnection();
  const workers: Worker[] = [
    new Worker(STEP_QUEUE, createStepProcessor(registry), { connection, prefix, concurrency: options.concurrency ?? BATON_STEP_CONCURRENCY }),
    new Worker(WEBHOOK_QUEUE, processWebhook, { connection, prefix, concurrency: 4 }),
  ];
  if (options.maintenance !== false) {
    workers.push(new Worker(MAINTENANCE_QUEUE, createMaintenanceProcessor(registry), { connection, prefix, concurrency: 1 }));
    await scheduleMaintenance();
  }
  for (const worker of workers) {
    worker.on("failed", (job, error) => logger.warn({ queue: worker.name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: error }, "job failed"));
    worker.on("error", (error) => logger.error({ queue: worker.name, err: error }, "worker error"));
  }
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  return {
    close: async () => {
      // close() lets in-flight jobs finish; jobs not finished are handed back by BullMQ's stall check.
      await Promise.all(workers.map((worker) => worker.close()));
      connection.disconnect();
    },
  };
}
