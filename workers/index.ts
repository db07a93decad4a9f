// npm run workers — runs every Baton queue worker in one process. Run more processes (on more
// machines) against the same Redis and PostgreSQL to scale out.
import "../scripts/lib/load-env";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { closeQueues } from "@/lib/queues/producers";
import { workflowRegistry } from "@/lib/workflows";
import { getBuiltInIntentClassifier } from "@/lib/models/intent-classifier";
import { startWorkers } from "./start-workers";

const SHUTDOWN_GRACE_MS = 30_000;

async function main() {
  // Train the built-in model before taking jobs, so the first run does not pay for it.
  const started = Date.now();
  getBuiltInIntentClassifier();
  logger.info({ ms: Date.now() - started }, "built-in intent model ready");

  const workers = await startWorkers(workflowRegistry);
  logger.info({ workflows: workflowRegistry.list().map((w) => `${w.name}@${w.version}`) }, "workers started");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping workers");
    const forceExit = setTimeout(() => {
      logger.error("workers did not stop in time; exiting");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    await workers.close();
    await closeQueues();
    await db.$disconnect();
    clearTimeout(forceExit);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  logger.fatal({ err: error }, "workers failed to start");
  process.exit(1);
});
