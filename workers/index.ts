// npm run workers — runs every Baton queue worker in one process. Run more processes (on more
// machines) against the same Redis and PostgreSQL to scale out.
import "../scripts/lib/load-env";
import { db } from "@/lib/db";
import { closeEnginePool } from "@/lib/engine/engine-sql";
import { logger } from "@/lib/logger";
import { closeQueues } from "@/lib/queues/producers";
import { workflowRegistry } from "@/lib/workflows";
import { getBuiltInIntentClassifier } from "@/lib/models/intent-classifier";
import { startWorkers } from "./start-workers";
import { workerConfig } from "./worker-config";

// After the grace, in-flight steps are aborted and handed back; this much more is allowed for
// that (and for closing connections) before the process exits regardless.
const HAND_BACK_MS = 5_000;

async function main() {
  const config = workerConfig();
  // Train the built-in model before taking jobs, so the first run does not pay for it.
  const started = Date.now();
  getBuiltInIntentClassifier();
  logger.info({ ms: Date.now() - started }, "built-in intent model ready");

  const workers = await startWorkers(workflowRegistry);
  logger.info({ workflows: workflowRegistry.list().map((w) => `${w.name}@${w.version}`), pid: process.pid }, "workers started");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceMs: config.BATON_SHUTDOWN_GRACE_MS }, "stopping workers");
    // Bounded shutdown: in-flight steps get the grace to finish, then are aborted and handed back
    // to the queue (another worker takes them at once); past that, the process exits anyway and
    // BullMQ's stall check hands back whatever is left when its lock expires.
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
    await Promise.all([db.$disconnect(), closeEnginePool()]);
    clearTimeout(forceExit);
    logger.info("workers stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  logger.fatal({ err: error }, "workers failed to start");
  process.exit(1);
});
