import type { RunMove, StepRow } from "../runs/commit-step";
import { compileWorkflow } from "./define-workflow";
import type { LoadedRun } from "./load-run";
import type { BranchOutput, BranchStep, StepContext, StepRef, WorkflowDefinition } from "./types";

/** What committing a step leads to: branch steps decided on the way, the run's move, jobs to enqueue. */
export interface MovePlan {
  rows: StepRow[];
  move: RunMove;
  /** Step ids whose jobs are enqueued after the commit. */
  enqueue: string[];
  /** Set when the move ends the run. */
  finished: "completed" | "failed" | null;
}

/** A read-only context for pure decisions (branch selectors). */
export function decisionContext<Input>(run: LoadedRun, results: Record<string, unknown>, stepId: string): StepContext<Input> {
  return {
    runId: run.id,
    input: run.input as Input,
    results,
    result: <Output>(step: StepRef<Output>) => readResult<Output>(results, step.id),
    attempt: 1,
    idempotencyKey: `${run.id}.${stepId}.1`,
    signal: new AbortController().signal,
  };
}

export function readResult<Output>(results: Record<string, unknown>, stepId: string): Output {
  if (!(stepId in results)) throw new Error(`Step "${stepId}" has no result in this run`);
  return results[stepId] as Output;
}

/** Picks a branch's next step from committed results. Throws when the selector does. */
export function evaluateBranch<Input>(step: BranchStep<Input>, ctx: StepContext<Input>): BranchOutput {
  const result = readResult<unknown>(ctx.results as Record<string, unknown>, step.on);
  if ("cases" in step) {
    const value = step.value(result, ctx);
    const key = String(value);
    const target = Object.hasOwn(step.cases, key) ? step.cases[key]! : step.default;
    return { on: step.on, value, matched: Object.hasOwn(step.cases, key) ? key : "default", target };
  }
  const score = step.score(result, ctx);
  if (typeof score !== "number" || Number.isNaN(score)) throw new Error(`Branch ${step.id}: the score is not a number (${String(score)})`);
  const rule = step.when.find((candidate) => candidate.test(score));
  return { on: step.on, value: score, matched: rule?.label ?? "default", target: rule?.goto ?? step.default };
}

/**
 * Where the run goes after `fromStepId` committed `output`: through any branches (decided now,
 * from committed results, and committed with the step), to the next step, a parallel group's
 * children, the end of the run, or — after the error handler — its failure.
 */
export function planAdvance(
  definition: WorkflowDefinition<unknown>,
  run: LoadedRun,
  results: Record<string, unknown>,
  fromStepId: string,
  output: unknown,
  /** When the step before finished: a branch decided on it is never stamped earlier. */
  after?: Date,
): MovePlan {
  const graph = compileWorkflow(definition);
  if (graph.isErrorHandler(fromStepId)) {
    return { rows: [], move: { status: "failed", currentStepId: fromStepId, output }, enqueue: [], finished: "failed" };
  }
  const rows: StepRow[] = [];
  const from = graph.steps.get(fromStepId);
  let next = from?.kind === "branch" ? (output as BranchOutput).target : graph.successor(fromStepId);
  const seen = new Set<string>();
  while (next) {
    const step = graph.steps.get(next);
    if (!step || step.kind !== "branch" || seen.has(next)) break;
    seen.add(next);
    let decision: BranchOutput;
    try {
      decision = evaluateBranch(step, decisionContext(run, results, step.id));
    } catch {
      // Let the branch's own job evaluate it again and fail it properly (error handler included).
      break;
    }
    const decidedAt = new Date(Math.max(Date.now(), (rows.at(-1)?.finishedAt ?? after ?? new Date(0)).getTime()));
    rows.push({ stepId: step.id, kind: "branch", status: "completed", output: decision, attempts: 1, startedAt: decidedAt, finishedAt: decidedAt });
    results[step.id] = decision;
    next = decision.target;
  }
  if (!next) {
    return { rows, move: { status: "completed", currentStepId: null, output, error: null }, enqueue: [], finished: "completed" };
  }
  const target = graph.steps.get(next);
  const enqueue = target?.kind === "parallel" ? target.steps.map((child) => child.id).filter((id) => !run.steps.has(id)) : [next];
  return { rows, move: { status: "running", currentStepId: next }, enqueue, finished: null };
}

/**
 * Where a failure sends the run: to the workflow's error handler (once), or to `failed`, keeping
 * the failing step as the run's position so the timeline shows where it stopped.
 */
export function planFailure(definition: WorkflowDefinition<unknown>, run: LoadedRun, failedStepId: string, message: string): MovePlan {
  const handler = definition.errorHandler;
  if (handler && failedStepId !== handler && !run.steps.has(handler)) {
    return { rows: [], move: { status: "running", currentStepId: handler, error: message }, enqueue: [handler], finished: null };
  }
  const error = failedStepId === handler && run.error ? `${run.error}; then the error handler failed: ${message}` : message;
  return { rows: [], move: { status: "failed", currentStepId: failedStepId, error }, enqueue: [], finished: "failed" };
}
