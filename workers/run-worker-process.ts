import { closeDb } from "@/lib/db";
import type { WorkflowRegistry } from "@/lib/engine/registry";
import { logger } from "@/lib/logger";
import { closeQueues } from "@/lib/queues/producers";
import { startWorkers } from "./start-workers";
import { workerConfig } from "./worker-config";

// After the grace, in-flight steps are aborted and handed back; this much more is allowed for
// that (and for closing connections) before the process exits regardless.
const HAND_BACK_MS = 5_000;

/**
 * Runs the queue workers of one process until SIGTERM/SIGINT, then stops within a bounded time:
 * in-flight steps get the grace (BATON_SHUTDOWN_GRACE_MS) to finish, are then aborted and handed
 * back to the queue (another worker takes them at once, the attempt does not count), and past
 * that the process exits anyway (BullMQ's stall check hands back whatever is left).
 */
export async function runWorkerProcess(registry: WorkflowRegistry, options: { concurrency?: number } = {}): Promise<void> {
  const config = workerConfig();
  const workers = await startWorkers(registry, { concurrency: options.concurrency });
  logger.info({ workflows: registry.list().map((w) => `${w.name}@${w.version}`), pid: process.pid }, "workers started");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceMs: config.BATON_SHUTDOWN_GRACE_MS }, "stopping workers");
    const handBack = setTimeout(() => {
      logger.warn("grace period over: handing back in-flight steps");
      workers.handBackInFlight();
    }, config.BATON_SHUTDOWN_GRACE_MS);
    const forceExit = setTimeout(() => {
      logger.error("workers did not stop in time; exiting");
      process.exit(1);
    }, config.BATON_SHUTDOWN_GRACE_MS + HAND_BACK_MS);
    handBack.unref();
    forceExit.unref();
    await workers.close();
    clearTimeout(handBack);
    await closeQueues();
    await closeDb();
    clearTimeout(forceExit);
    logger.info("workers stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}
