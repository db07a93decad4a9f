import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db";
import { closeQueues } from "@/lib/queues/producers";
import { claimNextItem } from "@/lib/review/claim-next-item";
import { recordDecision } from "@/lib/review/record-decision";
import { startWorkers, type RunningWorkers } from "@/workers/start-workers";
import { createUser, waitForRun } from "@/test/integration-helpers";
import { startFakeModelServer, type FakeModelServer } from "@/test/fake-model-server";
import { branchOn, branchOnScore, defineWorkflow, exponentialBackoff, fixedRetry, modelCall, noRetry, parallel, ref, task } from "./define-workflow";
import { NonRetryableError } from "./errors";
import { reconcileRuns, sweepDeadlines } from "./reconcile-runs";
import { createRegistry } from "./registry";
import { submitRun } from "./submit-run";
import type { ParallelOutput, RunFailure } from "./types";

// Every construct of the workflow language, run by real BullMQ workers against the real
// PostgreSQL, with model calls going over HTTP (through the official SDKs) to the fake model server.

type Input = { text: string; fail?: number; kind?: string; score?: number; failB?: boolean };
const input = z.object({ text: z.string(), fail: z.number().optional(), kind: z.string().optional(), score: z.number().optional(), failB: z.boolean().optional() });
const answerSchema = z.object({ answer: z.string() });
const scoreSchema = z.object({ score: z.number().min(0).max(1) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function abortable(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

// The fixed-delay workflow starts with the flaky step (it runs as a job of its own); the
// exponential one reaches it after a first step, in that step's job, so its retries are jobs that
// start at attempt 2.
const retrying = (name: string, retry: ReturnType<typeof fixedRetry>, first?: string) =>
  defineWorkflow<Input>({
    name,
    version: 1,
    description: "fails its first `fail` attempts",
    input,
    steps: [
      ...(first ? [task<Input, string>({ kind: "handler", id: first, timeoutMs: 1_000, retry: noRetry, run: () => ({ output: first }) })] : []),
      task({
        kind: "handler",
        id: "flaky",
        timeoutMs: 2_000,
        retry,
        run: ({ attempt, input, idempotencyKey }) => {
          if (attempt <= (input.fail ?? 0)) throw new Error(`failure number ${attempt}`);
          return { output: { attempt, idempotencyKey } };
        },
      }),
    ],
  });

const answer = (id: string, model: string, extra: Partial<Parameters<typeof modelCall<Input, { answer: string }>>[0]> = {}) =>
  modelCall<Input, { answer: string }>({
    kind: "model",
    id,
    model,
    timeoutMs: 400,
    retry: noRetry,
    prompt: ({ input }) => ({ system: "Answer in JSON.", user: input.text }),
    output: answerSchema,
    ...extra,
  });

const classify = task<Input, { kind: string; score: number }>({
  kind: "handler",
  id: "classify",
  timeoutMs: 1_000,
  retry: noRetry,
  run: ({ input }) => ({ output: { kind: input.kind ?? "none", score: input.score ?? 0 } }),
});
const leaf = (id: string, extra: { next?: string; end?: boolean } = {}) =>
  task<Input, string>({ kind: "handler", id, timeoutMs: 1_000, retry: noRetry, run: () => ({ output: id }), ...extra });

const fan = parallel<Input>({
  id: "fan",
  join: "combine",
  steps: [
    task({ kind: "handler", id: "child_a", timeoutMs: 1_000, retry: noRetry, run: async ({ signal }) => (await abortable(150, signal), { output: "a" }) }),
    task({
      kind: "handler",
      id: "child_b",
      timeoutMs: 1_000,
      retry: fixedRetry(2, 50),
      run: ({ input }) => {
        if (input.failB) throw new Error("child b cannot work today");
        return { output: "b" };
      },
    }),
    task({ kind: "pipeline", id: "child_c", timeoutMs: 1_000, retry: noRetry, run: async ({ signal }) => (await abortable(150, signal), { output: "c" }) }),
  ],
});
const combine = task<Input, { completed: string[]; failed: string[] }>({
  kind: "handler",
  id: "combine",
  timeoutMs: 1_000,
  retry: noRetry,
  run: ({ result }) => {
    const children = result(fan);
    return {
      output: {
        completed: Object.entries(children).filter(([, c]) => c.status === "completed").map(([id]) => id).sort(),
        failed: Object.entries(children).filter(([, c]) => c.status === "failed").map(([id]) => id).sort(),
      },
    };
  },
});
const errorLog = task<Input, { failure: RunFailure }>({
  kind: "handler",
  id: "log_error",
  timeoutMs: 1_000,
  retry: noRetry,
  run: ({ failure }) => ({ output: { failure: failure! } }),
});

const workflows = {
  fixed: retrying("t-retry-fixed", fixedRetry(3, 200)),
  exponential: retrying("t-retry-exponential", exponentialBackoff(3, 150), "before"),
  timeout: defineWorkflow<Input>({ name: "t-timeout", version: 1, description: "", input, steps: [answer("answer", "fakeai:hang-model", { timeoutMs: 300 })] }),
  failover: defineWorkflow<Input>({
    name: "t-failover",
    version: 1,
    description: "",
    input,
    steps: [answer("answer", "fakeai:primary", { failover: ["fakeai:secondary", "fakeclaude:tertiary"], timeoutMs: 300 })],
  }),
  rateLimit: defineWorkflow<Input>({ name: "t-rate-limit", version: 1, description: "", input, steps: [answer("answer", "fakeai:limited", { retry: exponentialBackoff(2, 50) })] }),
  branch: defineWorkflow<Input>({
    name: "t-branch",
    version: 1,
    description: "",
    input,
    steps: [
      classify,
      branchOn<Input, { kind: string; score: number }>({ id: "by_kind", on: classify, value: (r) => r.kind, cases: { refund: "refund", technical: "technical" }, default: "unknown" }),
      leaf("refund", { next: "by_score" }),
      leaf("technical", { next: "by_score" }),
      leaf("unknown", { next: "by_score" }),
      branchOnScore<Input, { kind: string; score: number }>({
        id: "by_score",
        on: classify,
        score: (r) => r.score,
        when: [
          { label: "> 0.9", test: (s) => s > 0.9, goto: "high" },
          { label: "> 0.5", test: (s) => s > 0.5, goto: "medium" },
        ],
        default: "low",
      }),
      leaf("high", { end: true }),
      leaf("medium", { end: true }),
      leaf("low", { end: true }),
    ],
  }),
  parallel: defineWorkflow<Input>({ name: "t-parallel", version: 1, description: "", input, steps: [leaf("prepare"), fan, combine] }),
  parallelFail: defineWorkflow<Input>({
    name: "t-parallel-fail",
    version: 1,
    description: "",
    input,
    errorHandler: "log_error",
    steps: [{ ...fan, onChildFailure: "fail" }, { ...combine, end: true }, errorLog],
  }),
  errorHandler: defineWorkflow<Input>({
    name: "t-error-handler",
    version: 1,
    description: "",
    input,
    errorHandler: "log_error",
    steps: [
      task({ kind: "handler", id: "work", timeoutMs: 1_000, retry: fixedRetry(3, 50), run: () => Promise.reject(new NonRetryableError("boom: the ledger is closed")) }),
      errorLog,
    ],
  }),
  deadline: defineWorkflow<Input>({
    name: "t-deadline",
    version: 1,
    description: "",
    input,
    timeoutMs: 400,
    steps: [
      leaf("first"),
      task({ kind: "handler", id: "slow", timeoutMs: 5_000, retry: fixedRetry(3, 50), run: async ({ signal }) => (await abortable(3_000, signal), { output: "late" }) }),
    ],
  }),
  deadlineHandled: defineWorkflow<Input>({
    name: "t-deadline-handled",
    version: 1,
    description: "",
    input,
    timeoutMs: 300,
    errorHandler: "log_error",
    steps: [task({ kind: "handler", id: "slow", timeoutMs: 5_000, retry: noRetry, run: async ({ signal }) => (await abortable(3_000, signal), { output: "late" }) }), errorLog],
  }),
  invalidRetry: defineWorkflow<Input>({
    name: "t-invalid-retry",
    version: 1,
    description: "",
    input,
    steps: [
      modelCall<Input, { score: number }>({
        kind: "model",
        id: "score",
        model: "fakeai:prose-first",
        timeoutMs: 1_000,
        retry: fixedRetry(3, 50),
        onInvalid: "retry",
        prompt: ({ input }) => ({ user: input.text }),
        output: scoreSchema,
        rules: [(o) => (o.score === 0.5 ? "a score of exactly 0.5 is a non-answer" : null)],
        confidence: (o) => 1 - o.score,
      }),
    ],
  }),
  invalidFailover: defineWorkflow<Input>({
    name: "t-invalid-failover",
    version: 1,
    description: "",
    input,
    steps: [
      modelCall<Input, { score: number }>({
        kind: "model",
        id: "score",
        model: "fakeai:out-of-range",
        failover: ["fakeclaude:in-range"],
        timeoutMs: 1_000,
        retry: noRetry,
        onInvalid: "failover",
        prompt: ({ input }) => ({ user: input.text }),
        output: scoreSchema,
      }),
    ],
  }),
  invalidReview: defineWorkflow<Input>({
    name: "t-invalid-review",
    version: 1,
    description: "",
    input,
    steps: [
      modelCall<Input, { score: number }>({
        kind: "model",
        id: "score",
        model: "fakeai:prose-always",
        timeoutMs: 1_000,
        retry: noRetry,
        onInvalid: "review",
        invalidReview: { priority: "urgent", slaMinutes: 30 },
        prompt: ({ input }) => ({ user: input.text }),
        output: scoreSchema,
      }),
      task({ kind: "handler", id: "use_score", timeoutMs: 1_000, retry: noRetry, run: ({ result }) => ({ output: { doubled: result(ref<{ score: number }>("score")).score * 2 } }) }),
    ],
  }),
  v1: defineWorkflow<Input>({ name: "t-versioned", version: 1, description: "", input, steps: [leaf("a"), task({ kind: "handler", id: "which", timeoutMs: 1_000, retry: noRetry, run: () => ({ output: "v1" }) })] }),
  v2: defineWorkflow<Input>({ name: "t-versioned", version: 2, description: "", input, steps: [leaf("a"), task({ kind: "handler", id: "which", timeoutMs: 1_000, retry: noRetry, run: () => ({ output: "v2" }) })] }),
};

const registry = createRegistry(Object.values(workflows));
let workers: RunningWorkers;
let fake: FakeModelServer;

beforeAll(async () => {
  fake = await startFakeModelServer();
  Object.assign(process.env, {
    BATON_PROVIDER_FAKEAI_TYPE: "openai",
    BATON_PROVIDER_FAKEAI_BASE_URL: fake.openaiBaseUrl,
    BATON_PROVIDER_FAKEAI_API_KEY: "sk-test",
    BATON_PROVIDER_FAKECLAUDE_TYPE: "anthropic",
    BATON_PROVIDER_FAKECLAUDE_BASE_URL: fake.anthropicBaseUrl,
    BATON_PROVIDER_FAKECLAUDE_API_KEY: "sk-ant-test",
  });
  workers = await startWorkers(registry, { maintenance: false, concurrency: 8 });
});

afterAll(async () => {
  await workers.close();
  await closeQueues();
  await fake.close();
});

beforeEach(() => fake.reset());

async function run(workflow: { name: string }, data: Input, statuses = ["completed", "failed"], timeoutMs = 15_000) {
  const { id } = await submitRun(registry, { workflowName: workflow.name, input: data });
  return { id, run: await waitForRun(id, statuses, timeoutMs) };
}

const attemptsOf = (runId: string, stepId?: string) =>
  db.stepAttempt.findMany({ where: { runId, ...(stepId ? { stepId } : {}) }, orderBy: [{ startedAt: "asc" }, { finishedAt: "asc" }] });
// Steps that take less than a millisecond share timestamps: compare the set of committed steps.
const stepsOf = async (runId: string) => (await db.runStep.findMany({ where: { runId } })).map((s) => s.stepId).sort();

describe("retry policies", () => {
  it("retries with a fixed delay, records every attempt, and gives each attempt its own idempotency key", async () => {
    const { id, run: done } = await run(workflows.fixed, { text: "x", fail: 2 });
    expect(done.status).toBe("completed");
    expect(done.output).toEqual({ attempt: 3, idempotencyKey: `${id}.flaky.3` });
    const attempts = await attemptsOf(id);
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([[1, "error"], [2, "error"], [3, "ok"]]);
    for (let i = 1; i < attempts.length; i++) {
      const gap = attempts[i]!.startedAt.getTime() - attempts[i - 1]!.finishedAt.getTime();
      expect(gap).toBeGreaterThanOrEqual(190);
    }
    expect((await db.runStep.findFirstOrThrow({ where: { runId: id, stepId: "flaky" } })).attempts).toBe(3);
  });

  it("backs off exponentially (150 ms, then 300 ms) and fails the run once the attempts are spent", async () => {
    const { id, run: done } = await run(workflows.exponential, { text: "x", fail: 5 });
    expect(done.status).toBe("failed");
    expect(done.error).toContain("failure number 3");
    const attempts = await attemptsOf(id, "flaky");
    expect(attempts.map((a) => a.status)).toEqual(["error", "error", "error"]);
    const gaps = attempts.slice(1).map((a, i) => a.startedAt.getTime() - attempts[i]!.finishedAt.getTime());
    expect(gaps[0]).toBeGreaterThanOrEqual(140);
    expect(gaps[1]).toBeGreaterThanOrEqual(290);
    expect(await db.runStep.findFirstOrThrow({ where: { runId: id, stepId: "flaky" } })).toMatchObject({ status: "failed", attempts: 3 });
  });

  it("counts attempts across an inline first attempt and its retry job", async () => {
    const { id, run: done } = await run(workflows.exponential, { text: "x", fail: 1 });
    expect(done.status).toBe("completed");
    expect(done.output).toEqual({ attempt: 2, idempotencyKey: `${id}.flaky.2` });
    expect((await attemptsOf(id, "flaky")).map((a) => [a.attempt, a.status])).toEqual([[1, "error"], [2, "ok"]]);
  });
});

describe("model calls through the providers", () => {
  it("aborts the HTTP call when the step times out", async () => {
    fake.setModel("hang-model", { kind: "hang" });
    const { id, run: done } = await run(workflows.timeout, { text: "hello" });
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/timed out/);
    const [attempt] = await attemptsOf(id);
    expect(attempt).toMatchObject({ status: "timeout", model: "fakeai:hang-model", provider: "fakeai" });
    expect(attempt!.latencyMs).toBeGreaterThanOrEqual(290);
    expect(attempt!.latencyMs).toBeLessThan(1_500);
    await sleep(100);
    const [request] = fake.requestsFor("hang-model");
    expect(request?.aborted).toBe(true);
    expect(request?.idempotencyKey).toBe(`${id}.answer.1`);
  });

  it("fails over in order — 5xx, then a timeout, then an answer from another provider — within one attempt", async () => {
    fake.setModel("primary", { kind: "fail", status: 503 });
    fake.setModel("secondary", { kind: "hang" });
    const { id, run: done } = await run(workflows.failover, { text: "which model answers?" });
    expect(done.status).toBe("completed");
    expect(done.output).toEqual({ answer: "which model answers?" });
    const attempts = await attemptsOf(id);
    expect(attempts.map((a) => [a.model, a.status, a.failover, a.attempt])).toEqual([
      ["fakeai:primary", "error", false, 1],
      ["fakeai:secondary", "timeout", true, 1],
      ["fakeclaude:tertiary", "ok", true, 1],
    ]);
    expect(fake.requests.map((r) => [r.model, r.api])).toEqual([["primary", "openai"], ["secondary", "openai"], ["tertiary", "anthropic"]]);
    const tertiary = fake.requestsFor("tertiary")[0]!;
    expect(tertiary.system).toContain("Answer in JSON.");
    expect(`${tertiary.apiKey} ${tertiary.authorization}`).toContain("sk-ant-test");
    expect(fake.requestsFor("primary")[0]!.authorization).toBe("Bearer sk-test");
    expect((await db.runStep.findFirstOrThrow({ where: { runId: id, stepId: "answer" } })).model).toBe("fakeclaude:tertiary");
  });

  it("waits out a 429's Retry-After before the retry, though the policy's backoff is 50 ms", async () => {
    fake.script("limited", [{ kind: "rate-limit", retryAfterSeconds: 1 }]);
    const { id, run: done } = await run(workflows.rateLimit, { text: "hi" });
    expect(done.status).toBe("completed");
    const attempts = await attemptsOf(id);
    expect(attempts.map((a) => a.status)).toEqual(["error", "ok"]);
    expect(attempts[0]!.error).toMatch(/rate-limited.*Retry-After 1000 ms/);
    expect(attempts[1]!.startedAt.getTime() - attempts[0]!.finishedAt.getTime()).toBeGreaterThanOrEqual(950);
  });
});

describe("branches", () => {
  it.each([
    [{ kind: "refund", score: 0.95 }, ["classify", "by_kind", "refund", "by_score", "high"]],
    [{ kind: "technical", score: 0.6 }, ["classify", "by_kind", "technical", "by_score", "medium"]],
    [{ kind: "something else", score: 0.2 }, ["classify", "by_kind", "unknown", "by_score", "low"]],
  ])("takes the branch for %o", async (data, path) => {
    const { id, run: done } = await run(workflows.branch, { text: "x", ...data });
    expect(done.status).toBe("completed");
    expect(done.output).toBe(path.at(-1));
    expect(await stepsOf(id)).toEqual([...path].sort());
    const byKind = await db.runStep.findFirstOrThrow({ where: { runId: id, stepId: "by_kind" } });
    expect(byKind.output).toMatchObject({ on: "classify", value: data.kind, target: path[2] });
  });
});

describe("parallel steps", () => {
  it("fans out, joins once with every child's outcome, and lets the join decide about a failed child", async () => {
    const { id, run: done } = await run(workflows.parallel, { text: "x", failB: true });
    expect(done.status).toBe("completed");
    expect(done.output).toEqual({ completed: ["child_a", "child_c"], failed: ["child_b"] });
    const steps = await db.runStep.findMany({ where: { runId: id } });
    expect(steps.filter((s) => s.stepId === "fan")).toHaveLength(1);
    expect(steps.filter((s) => s.stepId === "combine")).toHaveLength(1);
    const group = steps.find((s) => s.stepId === "fan")!.output as ParallelOutput;
    expect(group.child_b).toEqual({ status: "failed", error: "child b cannot work today" });
    expect(group.child_c).toEqual({ status: "completed", output: "c" });
    expect((await attemptsOf(id, "child_b")).map((a) => a.status)).toEqual(["error", "error"]);
  });

  it("runs the children at the same time", async () => {
    const { id } = await run(workflows.parallel, { text: "x" });
    const [a, c] = await Promise.all(["child_a", "child_c"].map((stepId) => db.runStep.findFirstOrThrow({ where: { runId: id, stepId } })));
    // Two 150 ms children whose runs overlap.
    expect(a!.startedAt.getTime()).toBeLessThan(c!.finishedAt.getTime());
    expect(c!.startedAt.getTime()).toBeLessThan(a!.finishedAt.getTime());
  });

  it("joins exactly once under many concurrent runs", async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, () => submitRun(registry, { workflowName: "t-parallel", input: { text: "x" } }).then((r) => r.id)));
    for (const runId of ids) expect((await waitForRun(runId, ["completed", "failed"])).status).toBe("completed");
    const groups = await db.runStep.groupBy({ by: ["runId", "stepId"], where: { runId: { in: ids }, stepId: { in: ["fan", "combine"] } }, _count: true });
    expect(groups).toHaveLength(24);
    expect(groups.every((g) => g._count === 1)).toBe(true);
  });

  it("with onChildFailure 'fail', fails the group at the first failure and runs the error handler", async () => {
    const { id, run: done } = await run(workflows.parallelFail, { text: "x", failB: true });
    expect(done.status).toBe("failed");
    expect(done.error).toContain("child b cannot work today");
    expect(done.output).toMatchObject({ failure: { stepId: "fan" } });
    expect(await db.runStep.count({ where: { runId: id, stepId: "combine" } })).toBe(0);
  });
});

describe("error handler and workflow timeout", () => {
  it("runs the error handler once on a final failure, skipping the remaining retries of a NonRetryableError", async () => {
    const { id, run: done } = await run(workflows.errorHandler, { text: "x" });
    expect(done.status).toBe("failed");
    expect(done.error).toBe("Step work failed: boom: the ledger is closed");
    expect(done.output).toEqual({ failure: { stepId: "work", error: "Step work failed: boom: the ledger is closed" } });
    expect((await attemptsOf(id, "work")).length).toBe(1);
    expect(await stepsOf(id)).toEqual(["log_error", "work"]);
  });

  it("fails the run when its deadline passes mid-step, aborting the step", async () => {
    const started = Date.now();
    const { id, run: done } = await run(workflows.deadline, { text: "x" });
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/Workflow timed out after 400 ms \(at step slow\)/);
    expect(Date.now() - started).toBeLessThan(2_500);
    const attempts = await attemptsOf(id, "slow");
    expect(attempts).toHaveLength(1);
    expect(attempts[0]!.status).toBe("timeout");
    expect(await db.runStep.findFirstOrThrow({ where: { runId: id, stepId: "slow" } })).toMatchObject({ status: "failed" });
  });

  it("routes a workflow timeout to the error handler", async () => {
    const { run: done } = await run(workflows.deadlineHandled, { text: "x" });
    expect(done.status).toBe("failed");
    expect(done.output).toMatchObject({ failure: { stepId: "slow", error: expect.stringContaining("Workflow timed out") } });
  });

  it("the deadline sweep times out a run whose job is gone", async () => {
    const orphan = await db.run.create({
      data: { workflowName: "t-deadline", workflowVersion: 1, status: "running", input: { text: "x" }, currentStepId: "slow", deadlineAt: new Date(Date.now() - 10_000) },
    });
    expect(await sweepDeadlines(registry)).toBeGreaterThanOrEqual(1);
    expect(await db.run.findUniqueOrThrow({ where: { id: orphan.id } })).toMatchObject({ status: "failed", error: expect.stringContaining("timed out") });
  });
});

describe("validation gates", () => {
  it("retries a non-JSON answer, then a rule-breaking one, until the answer is valid", async () => {
    fake.script("prose-first", [{ kind: "non-json" }, { kind: "ok", reply: '{"score": 0.5}' }, { kind: "ok", reply: '```json\n{"score": 0.2}\n```' }]);
    const { id, run: done } = await run(workflows.invalidRetry, { text: "rate this" });
    expect(done.status).toBe("completed");
    expect(done.output).toEqual({ score: 0.2 });
    const attempts = await attemptsOf(id);
    expect(attempts.map((a) => a.status)).toEqual(["invalid", "invalid", "ok"]);
    expect(attempts[0]!.error).toMatch(/not JSON/);
    expect(attempts[1]!.error).toMatch(/non-answer/);
    expect(attempts[2]!.confidence).toBeCloseTo(0.8);
    // JSON mode needs the word JSON in the messages (OpenAI refuses it otherwise): the provider adds it.
    expect(fake.requestsFor("prose-first")[0]!.system).toBe("Answer with one JSON object and nothing else.");
  });

  it("fails over to the next model on an answer outside the schema", async () => {
    fake.setModel("out-of-range", { kind: "ok", reply: '{"score": 7}' });
    fake.setModel("in-range", { kind: "ok", reply: '{"score": 0.3}' });
    const { id, run: done } = await run(workflows.invalidFailover, { text: "rate this" });
    expect(done.status).toBe("completed");
    expect(done.output).toEqual({ score: 0.3 });
    expect((await attemptsOf(id)).map((a) => [a.model, a.status, a.failover])).toEqual([
      ["fakeai:out-of-range", "invalid", false],
      ["fakeclaude:in-range", "ok", true],
    ]);
  });

  async function decideReview(runId: string, decision: Parameters<typeof recordDecision>[0]["decision"]) {
    await waitForRun(runId, ["waiting_for_review"]);
    const item = await db.reviewItem.findFirstOrThrow({ where: { runId } });
    await db.reviewItem.update({ where: { id: item.id }, data: { slaDueAt: new Date(0) } });
    const reviewer = await createUser("reviewer");
    expect((await claimNextItem({ reviewerId: reviewer.id, tiers: ["standard"] }))?.id).toBe(item.id);
    await recordDecision({ itemId: item.id, reviewerId: reviewer.id, decision });
    return item;
  }

  it("sends an invalid answer to a human, and validates the reviewer's correction before it flows on", async () => {
    fake.setModel("prose-always", { kind: "non-json", text: "I'd say about a quarter." });
    const { id } = await submitRun(registry, { workflowName: "t-invalid-review", input: { text: "rate this" } });
    const item = await decideReview(id, { action: "edited", editedText: '{"score": 0.25}' });
    expect(item).toMatchObject({ stepId: "score.review", priority: "urgent", slaMinutes: 30, proposal: { answer: "I'd say about a quarter." } });
    expect(item.context).toMatchObject({ message: "rate this", step: "score", validationError: expect.stringContaining("not JSON") });
    const done = await waitForRun(id, ["completed", "failed"]);
    expect(done.status).toBe("completed");
    expect(done.output).toEqual({ doubled: 0.5 });
    expect(await stepsOf(id)).toEqual(["score", "score.review", "use_score"]);
  });

  it("fails the step when the reviewer approves an answer that is still invalid", async () => {
    fake.setModel("prose-always", { kind: "non-json" });
    const { id } = await submitRun(registry, { workflowName: "t-invalid-review", input: { text: "rate this" } });
    await decideReview(id, { action: "approved" });
    const done = await waitForRun(id, ["completed", "failed"]);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/Step score failed: The answer is not JSON/);
    expect(await db.runStep.count({ where: { runId: id, stepId: "use_score" } })).toBe(0);
  });
});

describe("durability basics", () => {
  it("finishes a run on the version it started with", async () => {
    const { id } = await submitRun(createRegistry([workflows.v1]), { workflowName: "t-versioned", input: { text: "x" } });
    expect((await waitForRun(id, ["completed"])).output).toBe("v1");
    const { id: newer } = await submitRun(registry, { workflowName: "t-versioned", input: { text: "x" } });
    expect(await db.run.findUniqueOrThrow({ where: { id: newer }, select: { workflowVersion: true } })).toEqual({ workflowVersion: 2 });
    expect((await waitForRun(newer, ["completed"])).output).toBe("v2");
  });

  it("the reconciler re-drives a parallel group whose child jobs were lost", async () => {
    const orphan = await db.run.create({
      data: { workflowName: "t-parallel", workflowVersion: 1, status: "running", input: { text: "x" }, currentStepId: "fan", updatedAt: new Date(Date.now() - 120_000) },
    });
    await db.runStep.create({
      data: { runId: orphan.id, stepId: "prepare", kind: "handler", status: "completed", output: "prepare", latencyMs: 1, startedAt: new Date(), attempts: 1 },
    });
    expect(await reconcileRuns(registry, { staleAfterMs: 60_000 })).toBeGreaterThanOrEqual(1);
    expect((await waitForRun(orphan.id, ["completed"])).output).toEqual({ completed: ["child_a", "child_b", "child_c"], failed: [] });
  });
});
