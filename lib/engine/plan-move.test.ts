import { describe, expect, it } from "vitest";
import { z } from "zod";
import { branchOn, branchOnScore, defineWorkflow, noRetry, parallel, task } from "./define-workflow";
import { isTransientInfrastructureError, NonRetryableError } from "./errors";
import type { LoadedRun } from "./load-run";
import { planAdvance, planFailure } from "./plan-move";

const step = (id: string, extra: object = {}) => task<unknown, string>({ kind: "handler", id, timeoutMs: 1000, retry: noRetry, run: () => ({ output: id }), ...extra });
const score = step("score");
const workflow = defineWorkflow<unknown>({
  name: "plan-flow",
  version: 1,
  description: "",
  input: z.unknown(),
  errorHandler: "on_error",
  steps: [
    score,
    branchOnScore<unknown, { value: number }>({ id: "by_score", on: score as never, score: (r) => r.value, when: [{ label: "high", test: (s) => s > 0.5, goto: "fan" }], default: "by_kind" }),
    branchOn<unknown, { value: number }>({ id: "by_kind", on: score as never, value: (r) => (r.value < 0.1 ? "tiny" : "small"), cases: { tiny: "finish" }, default: "finish" }),
    parallel({ id: "fan", join: "finish", steps: [step("left"), step("right")] }),
    step("finish", { end: true }),
    step("on_error"),
  ],
});

const run = (steps: string[] = []): LoadedRun => ({
  id: "00000000-0000-4000-8000-000000000000",
  status: "running",
  workflowName: "plan-flow",
  workflowVersion: 1,
  input: {},
  currentStepId: "score",
  deadlineAt: null,
  callbackUrl: null,
  error: null,
  steps: new Map(steps.map((id) => [id, { status: "completed" as const, kind: "handler", output: null, error: null, startedAt: new Date(), finishedAt: new Date() }])),
});

describe("planAdvance", () => {
  it("decides chained branches in the same commit and lands on the step they pick", () => {
    const plan = planAdvance(workflow, run(), { score: { value: 0.05 } }, "score", { value: 0.05 });
    expect(plan.rows.map((r) => [r.stepId, (r.output as { target: string }).target])).toEqual([["by_score", "by_kind"], ["by_kind", "finish"]]);
    expect(plan.move).toMatchObject({ status: "running", currentStepId: "finish" });
    expect(plan.enqueue).toEqual(["finish"]);
  });

  it("fans out to the children of a parallel group", () => {
    const plan = planAdvance(workflow, run(), { score: { value: 0.9 } }, "score", { value: 0.9 });
    expect(plan.move.currentStepId).toBe("fan");
    expect(plan.enqueue).toEqual(["left", "right"]);
  });

  it("ends the run after an end step, with its output", () => {
    expect(planAdvance(workflow, run(), {}, "finish", "done")).toMatchObject({ move: { status: "completed", currentStepId: null, output: "done" }, finished: "completed" });
  });

  it("leaves a branch whose selector throws to its own job", () => {
    const plan = planAdvance(workflow, run(), { score: null }, "score", null);
    expect(plan.rows).toEqual([]);
    expect(plan.move.currentStepId).toBe("by_score");
  });
});

describe("planFailure", () => {
  it("goes to the error handler once, then fails the run keeping the first error", () => {
    expect(planFailure(workflow, run(), "score", "Step score failed: boom")).toMatchObject({ move: { status: "running", currentStepId: "on_error" }, enqueue: ["on_error"] });
    const inHandler = { ...run(["on_error"]), error: "Step score failed: boom" };
    expect(planFailure(workflow, inHandler, "on_error", "handler broke").move).toMatchObject({ status: "failed", error: "Step score failed: boom; then the error handler failed: handler broke" });
  });
});

describe("isTransientInfrastructureError", () => {
  it("recognises a database that is down or restarting, not a step's own failure", () => {
    expect(isTransientInfrastructureError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isTransientInfrastructureError(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).toBe(true);
    expect(isTransientInfrastructureError(new Error("wrapped", { cause: new Error("Connection terminated unexpectedly") }))).toBe(true);
    expect(isTransientInfrastructureError(new NonRetryableError("the ledger is closed"))).toBe(false);
    expect(isTransientInfrastructureError(new Error("duplicate key value violates unique constraint"))).toBe(false);
  });
});
