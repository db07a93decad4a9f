// A worker process for the fault tests (lib/engine/durability.integration.test.ts): the real
// worker bootstrap (workers/run-worker-process.ts) with the fault-test workflow. It prints
// "ready" once its workers listen.
import { createRegistry } from "@/lib/engine/registry";
import { runWorkerProcess } from "@/workers/run-worker-process";
import { faultWorkflow } from "./fault-workflow";

await runWorkerProcess(createRegistry([faultWorkflow]), { concurrency: Number(process.env.FAULT_WORKER_CONCURRENCY ?? 4) });
process.stdout.write("ready\n");
