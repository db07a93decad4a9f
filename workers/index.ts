// npm run workers — runs every Baton queue worker in one process. Run more processes (on more
// machines) against the same Redis and PostgreSQL to scale out.
import "../scripts/lib/load-env";
import { logger } from "@/lib/logger";
import { getBuiltInIntentClassifier } from "@/lib/models/intent-classifier";
import { workflowRegistry } from "@/lib/workflows";
import { runWorkerProcess } from "./run-worker-process";

async function main() {
  // Train the built-in model before taking jobs, so the first run does not pay for it.
  const started = Date.now();
  getBuiltInIntentClassifier();
  logger.info({ ms: Date.now() - started }, "built-in intent model ready");
  await runWorkerProcess(workflowRegistry);
}

main().catch((error) => {
  logger.fatal({ err: error }, "workers failed to start");
  process.exit(1);
});
