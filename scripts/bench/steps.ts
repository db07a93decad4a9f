// npm run bench:steps -- [--jobs 30000] [--runs 4000] [--concurrency 32] [--latency-runs 300] --json
// In one process and one run, at the same concurrency: raw BullMQ (no-op jobs), then Baton (a
// 3-step workflow of no-op steps, every step's result committed to PostgreSQL before the next is
// enqueued), then the latency of single runs (submit → completed) on the idle system.
// Prints {"rawJobsPerSecond", "stepsPerSecond", "ratio", "runLatencyP50Ms", "runLatencyP99Ms"}.
import { benchArgs, dropBenchState, percentile, prepareBenchDatabase, report, round } from "./bench-env";

const args = benchArgs({
  jobs: { type: "string", default: "30000" },
  runs: { type: "string", default: "4000" },
  concurrency: { type: "string", default: "32" },
  "latency-runs": { type: "string", default: "300" },
});
const jobs = Number(args.jobs);
const runs = Number(args.runs);
const concurrency = Number(args.concurrency);
const latencyRuns = Number(args["latency-runs"]);
const only = process.env.BENCH_ONLY; // "raw" | "baton" | "latency": profile one phase

await prepareBenchDatabase();
const { Queue, Worker } = await import("bullmq");
const { z } = await import("zod");
const { db } = await import("@/lib/db");
const { env } = await import("@/lib/env");
const { createRedisConnection, sharedRedis } = await import("@/lib/queues/connection");
const { STEP_QUEUE, stepJobId } = await import("@/lib/queues/definitions");
const { getQueue } = await import("@/lib/queues/producers");
const { defineWorkflow, noRetry } = await import("@/lib/engine/define-workflow");
const { createRegistry } = await import("@/lib/engine/registry");
const { submitRun } = await import("@/lib/engine/submit-run");
const { onRunFinished } = await import("@/lib/engine/run-events");
const { startWorkers } = await import("@/workers/start-workers");

// A bench-only registry: the shipped one is untouched.
const noop = (id: string) => ({ kind: "handler" as const, id, timeoutMs: 5_000, retry: noRetry, run: () => ({ output: { step: id } }) });
const benchWorkflow = defineWorkflow({ name: "bench-three-steps", version: 1, description: "three no-op steps", input: z.object({ n: z.number() }), steps: [noop("one"), noop("two"), noop("three")] });
const registry = createRegistry([benchWorkflow]);

async function inChunks<T>(items: T[], size: number, fn: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await fn(items.slice(i, i + size));
}

async function rawBullmq(): Promise<number> {
  const { BATON_QUEUE_PREFIX: prefix } = env();
  const queue = new Queue("bench-raw", { connection: sharedRedis(), prefix });
  await inChunks(
    Array.from({ length: jobs }, (_, i) => i),
    1000,
    (chunk) => queue.addBulk(chunk.map((i) => ({ name: "noop", data: { i }, opts: { removeOnComplete: true } }))),
  );
  let done = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const started = performance.now();
  const connection = createRedisConnection();
  const worker = new Worker("bench-raw", async () => null, { connection, prefix, concurrency });
  worker.on("completed", () => {
    if (++done === jobs) finish();
  });
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  connection.disconnect();
  await queue.close();
  return jobs / seconds;
}

async function batonSteps(): Promise<number> {
  const ids = Array.from({ length: runs }, () => crypto.randomUUID());
  // Runs stored and their first steps enqueued as submitRun does, in bulk so seeding is not timed.
  await inChunks(ids, 1000, (chunk) =>
    db.run.createMany({ data: chunk.map((id, n) => ({ id, workflowName: benchWorkflow.name, workflowVersion: 1, input: { n }, currentStepId: "one" })) }),
  );
  const queue = getQueue(STEP_QUEUE);
  await inChunks(ids, 1000, (chunk) =>
    queue.addBulk(chunk.map((runId) => ({ name: "execute-step", data: { runId, stepId: "one" }, opts: { jobId: stepJobId({ runId, stepId: "one" }), attempts: 1, removeOnComplete: true } }))),
  );
  let done = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const stop = onRunFinished(() => {
    if (++done === runs) finish();
  });
  const started = performance.now();
  const workers = await startWorkers(registry, { concurrency, maintenance: false });
  await finished;
  const seconds = (performance.now() - started) / 1000;
  stop();
  const completed = await db.run.count({ where: { workflowName: benchWorkflow.name, status: "completed" } });
  const steps = await db.runStep.count({ where: { status: "completed" } });
  if (completed !== runs || steps !== runs * 3) throw new Error(`Expected ${runs} completed runs and ${runs * 3} steps, found ${completed} and ${steps}`);
  await workers.close();
  return (runs * 3) / seconds;
}

async function runLatency(): Promise<number[]> {
  const workers = await startWorkers(registry, { concurrency, maintenance: false });
  const latencies: number[] = [];
  for (let i = 0; i < latencyRuns + 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    let resolveDone!: () => void;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    let runId: string | null = null;
    const early = new Set<string>();
    const stop = onRunFinished((event) => {
      if (event.runId === runId) resolveDone();
      else early.add(event.runId);
    });
    const started = performance.now();
    const submitted = await submitRun(registry, { workflowName: benchWorkflow.name, input: { n: i } });
    runId = submitted.id;
    if (early.has(runId)) resolveDone();
    await done;
    stop();
    // The first runs warm up connections and JIT.
    if (i >= 20) latencies.push(performance.now() - started);
  }
  await workers.close();
  return latencies.sort((a, b) => a - b);
}

try {
  const rawJobsPerSecond = !only || only === "raw" ? await rawBullmq() : NaN;
  const stepsPerSecond = !only || only === "baton" ? await batonSteps() : NaN;
  const latencies = !only || only === "latency" ? await runLatency() : [];
  report(
    {
      rawJobsPerSecond: round(rawJobsPerSecond, 0),
      stepsPerSecond: round(stepsPerSecond, 0),
      ratio: round(stepsPerSecond / rawJobsPerSecond, 3),
      runLatencyP50Ms: round(percentile(latencies, 50)),
      runLatencyP99Ms: round(percentile(latencies, 99)),
    },
    args.json,
    `Step throughput at concurrency ${concurrency} (${jobs} raw jobs, ${runs} runs × 3 steps) and single-run latency (${latencyRuns} runs)`,
  );
} finally {
  await dropBenchState();
}
// Workers' and producers' sockets are closed; anything left (timers of closed clients) must not keep the bench alive.
process.exit(0);
