import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { closeQueues } from "@/lib/queues/producers";
import { waitForRun } from "@/test/integration-helpers";
import { faultWorkflow } from "@/test/fault-workflow";
import { createRegistry } from "./registry";
import { submitRun } from "./submit-run";

// Fault tests with real worker processes (test/fault-worker.ts runs the real worker bootstrap):
// SIGKILL mid-step, a Redis restart that comes back empty, a flush of this run's keys, SIGTERM.
// After each: every run completes, every step committed once and executed to success once
// (exactly one `ok` attempt per step, no `duplicate`), whatever the worker that ran it.

const registry = createRegistry([faultWorkflow]);
const children = new Set<ChildProcess>();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const WORKER_ENV = {
  // Fast recovery of a dead worker's jobs: its lock expires after 5 s, checked every second.
  BATON_STEP_LOCK_MS: "5000",
  BATON_STALLED_INTERVAL_MS: "1000",
  // The reconciler (the workers' maintenance, every 10 s) re-drives runs idle for 3 s.
  BATON_RECONCILE_STALE_MS: "3000",
  BATON_DB_POOL_SIZE: "8",
  LOG_LEVEL: "error",
};

async function startWorker(env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/fault-worker.ts"], {
    cwd: process.cwd(),
    env: { ...process.env, ...WORKER_ENV, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  child.on("exit", () => children.delete(child));
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${output}`)), 30_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("ready")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code}: ${output}`));
    });
  });
  return child;
}

function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once("exit", (code) => resolve(code));
    child.kill(signal);
  });
}

async function submitMany(count: number, extra: Record<string, number> = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n++) ids.push((await submitRun(registry, { workflowName: "t-fault", input: { n, ...extra } })).id);
  return ids;
}

async function expectEveryRunCompletedOnce(ids: string[], timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (const id of ids) await waitForRun(id, ["completed"], Math.max(1_000, deadline - Date.now()));
  const steps = await db.runStep.groupBy({ by: ["runId", "stepId"], where: { runId: { in: ids } }, _count: true });
  expect(steps).toHaveLength(ids.length * 3);
  const ok = await db.stepAttempt.groupBy({ by: ["runId", "stepId"], where: { runId: { in: ids }, status: "ok" }, _count: true });
  expect(ok).toHaveLength(ids.length * 3);
  expect(ok.filter((g) => g._count !== 1)).toEqual([]);
  expect(await db.stepAttempt.count({ where: { runId: { in: ids }, status: "duplicate" } })).toBe(0);
}

afterEach(async () => {
  await Promise.all([...children].map((child) => kill(child, "SIGKILL")));
});

afterAll(async () => {
  await closeQueues();
});

describe("durability with real worker processes", () => {
  it("loses no run and repeats no committed step when workers are SIGKILLed mid-step", async () => {
    const [first, second] = await Promise.all([startWorker(), startWorker()]);
    const ids = await submitMany(60);
    await sleep(400);
    await kill(first!, "SIGKILL");
    const third = startWorker();
    await sleep(400);
    await kill(second!, "SIGKILL");
    await Promise.all([third, startWorker()]);
    await expectEveryRunCompletedOnce(ids);
    const pids = await db.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(DISTINCT output->>'pid') AS n FROM run_steps WHERE run_id = ANY($1::uuid[])`,
      ids,
    );
    // The work really was spread over the killed workers and their replacements.
    expect(Number(pids[0]!.n)).toBeGreaterThanOrEqual(3);
  }, 90_000);

  const localRedis = (process.env.REDIS_URL ?? "redis://127.0.0.1:6379").replace(/\/$/, "") === "redis://127.0.0.1:6379";

  it.runIf(localRedis)("loses no run when Redis restarts empty under load (the runs are re-driven from PostgreSQL)", async () => {
    await startWorker();
    const ids = await submitMany(40);
    await sleep(300);
    // The Redis here is shared and keeps nothing on disk: keep the outage short, and always bring it back.
    try {
      try {
        execFileSync("redis-cli", ["-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave"], { stdio: "ignore" });
      } catch {
        // redis-cli reports the closed connection as an error.
      }
      await sleep(2_000);
    } finally {
      execFileSync("redis-server", ["--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
      for (let i = 0; i < 50; i++) {
        try {
          if (execFileSync("redis-cli", ["-h", "127.0.0.1", "-p", "6379", "ping"]).toString().trim() === "PONG") break;
        } catch {
          // not up yet
        }
        await sleep(100);
      }
    }
    await expectEveryRunCompletedOnce(ids, 75_000);
  }, 100_000);

  it("loses no run when this installation's keys are flushed from Redis under load", async () => {
    await startWorker();
    const ids = await submitMany(40);
    await sleep(300);
    const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
    try {
      // Only this test run's prefix: never FLUSHALL on a shared Redis.
      let deleted = 0;
      for await (const keys of redis.scanStream({ match: `${process.env.BATON_QUEUE_PREFIX}:*`, count: 500 })) {
        if ((keys as string[]).length > 0) deleted += await redis.del(...(keys as string[]));
      }
      expect(deleted).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
    await expectEveryRunCompletedOnce(ids, 75_000);
  }, 100_000);

  it("on SIGTERM hands an in-flight step back within the grace period; another worker finishes the run", async () => {
    const worker = await startWorker({ BATON_SHUTDOWN_GRACE_MS: "500" });
    const [id] = await submitMany(1, { ms: 20_000 });
    await waitForRun(id!, ["running"]);
    await sleep(300);
    const stopped = Date.now();
    expect(await kill(worker, "SIGTERM")).toBe(0);
    expect(Date.now() - stopped).toBeLessThan(3_000);
    const [interrupted] = await db.stepAttempt.findMany({ where: { runId: id, stepId: "one" } });
    expect(interrupted).toMatchObject({ attempt: 1, status: "error", error: expect.stringContaining("shutting down") });
    // The handed-back job is waiting: the next worker starts it at once (its 20 s step is shortened here).
    await db.run.update({ where: { id }, data: { input: { n: 0, ms: 50 } } });
    await startWorker();
    await expectEveryRunCompletedOnce([id!], 30_000);
    expect((await db.stepAttempt.findMany({ where: { runId: id, stepId: "one" }, orderBy: { startedAt: "asc" } })).map((a) => [a.attempt, a.status])).toEqual([
      [1, "error"],
      [1, "ok"],
    ]);
  }, 60_000);
});
