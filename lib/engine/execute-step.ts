import { auditAutomaticOutput } from "../calibration/sample-for-audit";
import { db } from "../db";
import { logger } from "../logger";
import { createReviewItem } from "../review/create-review-item";
import { commitStepAndMove, moveRunFrom, type AttemptRow, type StepRow } from "../runs/commit-step";
import { resolveStepModels } from "../providers/model-ref";
import { DEFAULT_SLA_POLICY, getGateSettings } from "../settings/gate-settings";
import { enqueueRunWebhook } from "../webhooks/enqueue-run-webhook";
import { attemptTask, type TaskSuccess } from "./attempt-task";
import { compileWorkflow, isModelCall, isTaskStep } from "./define-workflow";
import { retryDelay, stepJobBackoff } from "./backoff";
import { enqueueStepRetry, enqueueWorkflowSteps } from "./enqueue-step";
import { HandBackError, NonRetryableError, ReviewRequiredError, WorkflowTimeoutError } from "./errors";
import { commitParallelChild, joinIfComplete } from "./join-parallel";
import { loadRun, resultsOf, type CommittedStep, type LoadedRun } from "./load-run";
import { decisionContext, evaluateBranch, planAdvance, planFailure, readResult, type MovePlan } from "./plan-move";
import { logAttempt } from "./record-attempt";
import { defaultStaleAfterMs } from "./stale-after";
import type { WorkflowRegistry } from "./registry";
import { routeGate } from "./route-gate";
import { runEvents, type RunFinished } from "./run-events";
import type { BranchStep, GateOutput, GateStep, ParallelStep, RunFailure, StepContext, StepRef, TaskStep, WorkflowDefinition } from "./types";
import { parseJsonAnswer, validateOutput } from "./validate-output";

export interface StepAttempt {
  runId: string;
  stepId: string;
  /** 1 on the first attempt. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the worker shuts down. */
  signal?: AbortSignal;
  /** Run in the job of the step before it (see executeStep); a retry then becomes a job of its own. */
  inline?: boolean;
}

export type StepExecution = "committed" | "advanced" | "fanned_out" | "waiting_for_review" | "retrying" | "failed" | "skipped";

/** Steps one job may run back to back before it hands the run to the queue again. */
export const MAX_INLINE_STEPS = 50;

/** One job's execution: the step it was enqueued for, then any step it continues with. */
interface Execution {
  job: StepAttempt;
  /** The next step to run in this job, decided by afterMove; null to stop. */
  next: { stepId: string; run: LoadedRun | null } | null;
  /** Continuing is allowed (not past MAX_INLINE_STEPS, not shutting down). */
  mayContinue: boolean;
}

/** A human review of an invalid answer is a gate of its own, `<step>.review` (not a valid step id, so it cannot clash). */
export const INVALID_REVIEW_SUFFIX = ".review";

type Definition = WorkflowDefinition<unknown>;

/**
 * Executes one step of one run: the body of a step job. The step's result is committed to
 * PostgreSQL together with the run's new position (one statement) before the next step starts
 * (here, or as its own job), so a worker killed at any moment either left nothing (the job runs
 * again) or left a committed checkpoint (the job, run again, only moves the run on).
 */
export async function executeStep(registry: WorkflowRegistry, job: StepAttempt): Promise<StepExecution> {
  let run = await loadRun(job.runId);
  let attempt = job;
  // After a step commits, the job goes straight on with the next one when that is a plain step:
  // the position is already committed, so a crash mid-way loses nothing (this job, redelivered,
  // finds its step committed and enqueues the run's current step), and the run saves a queue
  // round trip and a reload per step. Retries of a step run this way are jobs of their own.
  for (let steps = 1; ; steps++) {
    const execution: Execution = { job: attempt, next: null, mayContinue: steps < MAX_INLINE_STEPS && !job.signal?.aborted };
    const result = await executeLoaded(registry, run, execution);
    if (!execution.next) return result;
    const definition = run && registry.get(run.workflowName, run.workflowVersion);
    run = execution.next.run ?? (await loadRun(job.runId));
    const step = definition && compileWorkflow(definition).steps.get(execution.next.stepId);
    attempt = {
      runId: job.runId,
      stepId: execution.next.stepId,
      attempt: 1,
      maxAttempts: step && isTaskStep(step) ? step.retry.attempts : 1,
      signal: job.signal,
      inline: true,
    };
  }
}

async function executeLoaded(registry: WorkflowRegistry, run: LoadedRun | null, exec: Execution): Promise<StepExecution> {
  const { job } = exec;
  if (!run || run.status === "completed" || run.status === "failed") return "skipped";

  const definition = registry.get(run.workflowName, run.workflowVersion);
  if (!definition) {
    await failRunNow(run.id, `Workflow ${run.workflowName} v${run.workflowVersion} is not registered on this worker`);
    return "failed";
  }
  if (job.stepId.endsWith(INVALID_REVIEW_SUFFIX)) return resumeAfterReview(definition, run, job.stepId, exec);

  const graph = compileWorkflow(definition);
  const step = graph.steps.get(job.stepId);
  if (!step) {
    await failRunNow(run.id, `Workflow ${run.workflowName} v${run.workflowVersion} has no step "${job.stepId}"`);
    return "failed";
  }

  const committed = run.steps.get(step.id);
  if (committed) {
    if (committed.status === "failed" || graph.parentOf.has(step.id)) return "skipped";
    return moveOn(definition, run, step.id, committed, exec);
  }
  if (run.status === "waiting_for_review") return "waiting_for_review";
  const group = graph.parentOf.get(step.id);
  // A job for a step the run is not at (a stale duplicate, a child of a group already decided) does nothing.
  if (group ? run.currentStepId !== group.id || run.steps.has(group.id) : run.currentStepId !== step.id) return "skipped";

  if (run.deadlineAt && Date.now() >= run.deadlineAt.getTime() && !graph.isErrorHandler(step.id)) {
    await timeOutRun(definition, run, exec);
    return "failed";
  }

  switch (step.kind) {
    case "branch":
      return runBranch(definition, run, step, exec);
    case "parallel":
      return fanOut(definition, run, step, exec);
    case "gate":
      return runGate(definition, run, step, exec);
    default:
      return runTask(definition, run, step, exec, group);
  }
}

function stepContext(definition: Definition, run: LoadedRun, results: Record<string, unknown>, stepId: string, attempt: number) {
  const ctx: Omit<StepContext<unknown>, "signal"> = {
    runId: run.id,
    input: run.input,
    results,
    result: <Output>(ref: StepRef<Output>) => readResult<Output>(results, ref.id),
    attempt,
    idempotencyKey: `${run.id}.${stepId}.${attempt}`,
    ...(compileWorkflow(definition).isErrorHandler(stepId) ? { failure: failureOf(definition, run) } : {}),
  };
  return ctx;
}

async function runTask(
  definition: Definition,
  run: LoadedRun,
  step: TaskStep<unknown>,
  exec: Execution,
  group: ParallelStep<unknown> | undefined,
): Promise<StepExecution> {
  const { job } = exec;
  const results = resultsOf(run);
  const ctx = stepContext(definition, run, results, step.id, job.attempt);
  const remaining = run.deadlineAt ? run.deadlineAt.getTime() - Date.now() : Number.POSITIVE_INFINITY;
  const isHandler = compileWorkflow(definition).isErrorHandler(step.id);
  const deadlineLimited = !isHandler && remaining < step.timeoutMs;

  let success: TaskSuccess;
  try {
    success = await attemptTask(step, ctx, {
      workflowName: definition.name,
      timeoutMs: deadlineLimited ? Math.max(1, remaining) : step.timeoutMs,
      deadlineLimited,
      workflowTimeoutMs: definition.timeoutMs ?? null,
      parentSignal: job.signal,
    });
  } catch (error) {
    if (error instanceof HandBackError) throw error;
    if (error instanceof ReviewRequiredError) return sendToReview(definition, run, step, error);
    if (error instanceof WorkflowTimeoutError) {
      await timeOutRun(definition, run, exec);
      return "failed";
    }
    if (job.attempt < job.maxAttempts && !(error instanceof NonRetryableError)) {
      // Not the last attempt: BullMQ retries the job after the step's backoff (or a longer
      // Retry-After). A step run inline in another step's job gets a job of its own for that.
      if (!job.inline) throw error;
      await enqueueStepRetry(definition, run.id, step.id, job.attempt + 1, retryDelay(stepJobBackoff(step.retry).type, step.retry.delayMs, job.attempt, error));
      return "retrying";
    }
    await failStep(definition, run, step.id, step.kind, error instanceof Error ? error.message : String(error), job.attempt, exec, group);
    return "failed";
  }

  // What the next step sees is what PostgreSQL holds (JSON), whether it runs here or after a reload.
  const output = success.output === undefined ? null : JSON.parse(JSON.stringify(success.output));
  const row: StepRow = {
    stepId: step.id,
    kind: step.kind,
    status: "completed",
    output,
    attempts: job.attempt,
    model: success.model ?? null,
    confidence: success.confidence ?? null,
    inputLength: success.inputLength,
    outputLength: success.outputLength,
    startedAt: success.startedAt,
    finishedAt: new Date(),
  };
  const attempt: AttemptRow = {
    stepId: step.id,
    attempt: job.attempt,
    model: success.model ?? null,
    provider: success.provider ?? null,
    status: "ok",
    failover: success.failover,
    inputLength: success.inputLength,
    outputLength: success.outputLength,
    latencyMs: success.latencyMs,
    confidence: success.confidence ?? null,
    startedAt: success.startedAt,
  };

  let fresh: boolean;
  if (group) {
    const outcome = await commitParallelChild(definition, run, group, row, attempt);
    fresh = outcome.fresh;
    if (outcome.plan) await afterMove(definition, run, outcome.plan, exec);
  } else {
    results[step.id] = output;
    const plan = planAdvance(definition, run, results, step.id, output, row.finishedAt);
    const outcome = await commitStepAndMove(run.id, [row, ...plan.rows], attempt, plan.move);
    fresh = outcome.fresh;
    if (outcome.moved) await afterMove(definition, run, plan, exec, advancedRun(run, [row, ...plan.rows], plan));
  }
  logAttempt({ ...attempt, runId: run.id, status: fresh ? "ok" : "duplicate", idempotencyKey: ctx.idempotencyKey });
  return fresh ? "committed" : "skipped";
}

/** A step failed for good: its failure is committed and the run goes to the error handler, or fails. */
async function failStep(
  definition: Definition,
  run: LoadedRun,
  stepId: string,
  kind: string,
  message: string,
  attempts: number,
  exec: Execution,
  group?: ParallelStep<unknown>,
): Promise<void> {
  const row: StepRow = { stepId, kind, status: "failed", error: message.slice(0, 2000), attempts, startedAt: new Date() };
  if (group) {
    const outcome = await commitParallelChild(definition, run, group, row, null);
    if (outcome.plan) await afterMove(definition, run, outcome.plan, exec);
    return;
  }
  const plan = planFailure(definition, run, stepId, `Step ${stepId} failed: ${message}`);
  const outcome = await commitStepAndMove(run.id, [row], null, plan.move);
  if (outcome.moved) await afterMove(definition, run, plan, exec, advancedRun(run, [row], plan));
  logger.warn({ runId: run.id, stepId, error: message, next: plan.move.currentStepId, status: plan.move.status }, "step failed");
}

/**
 * The workflow's deadline passed: the step the run is at fails with a timeout, and the run goes
 * to its error handler or fails. Called before each step and by the reconciler's sweep.
 */
export async function timeOutRun(definition: Definition, run: LoadedRun, exec?: Execution): Promise<boolean> {
  const graph = compileWorkflow(definition);
  const stepId = run.currentStepId ?? graph.entry;
  if (graph.isErrorHandler(stepId) || run.status === "completed" || run.status === "failed" || run.status === "waiting_for_review") return false;
  // A decided gate whose run has not resumed yet: the review time does not count, let it move on.
  if (run.steps.get(stepId)?.status === "completed") return false;
  const message = `Workflow timed out after ${definition.timeoutMs ?? "?"} ms (at step ${stepId})`;
  const plan = planFailure(definition, run, stepId, message);
  const row: StepRow = { stepId, kind: graph.steps.get(stepId)?.kind ?? "gate", status: "failed", error: message, attempts: 1, startedAt: new Date() };
  const outcome = await commitStepAndMove(run.id, [row], null, plan.move);
  if (outcome.moved) await afterMove(definition, run, plan, exec, advancedRun(run, [row], plan));
  logger.warn({ runId: run.id, stepId, timeoutMs: definition.timeoutMs, next: plan.move.currentStepId }, "workflow timed out");
  return outcome.moved;
}

/**
 * After a commit that moved the run: continue with the next step in this job when it is a single
 * step that may run inline, else enqueue what comes next; announce the end of the run.
 */
async function afterMove(definition: Definition, run: LoadedRun, plan: MovePlan, exec?: Execution, nextRun?: LoadedRun): Promise<void> {
  const only = plan.enqueue.length === 1 ? plan.enqueue[0]! : null;
  if (exec?.mayContinue && only && mayRunInline(definition, only)) {
    exec.next = { stepId: only, run: nextRun ?? null };
  } else if (plan.enqueue.length > 0) {
    try {
      await enqueueWorkflowSteps(definition, run.id, plan.enqueue);
    } catch (error) {
      // The position is committed: the reconciler re-drives the run from PostgreSQL.
      logger.warn({ err: error, runId: run.id, next: plan.enqueue }, "next step enqueue failed; the reconciler will re-drive the run");
    }
  }
  if (plan.finished) await announceFinish(definition, run, plan.finished, plan.move.output, plan.move.error ?? run.error ?? null);
}

/**
 * Whether a step may run in the job of the step before it. Not a parallel group or child (they
 * are jobs of their own), and not a step that may run longer than half the reconciler's staleness:
 * a step running inline has no job of its own for the reconciler to find, so it must commit (and
 * so touch the run) well before the run could look stalled.
 */
function mayRunInline(definition: Definition, stepId: string): boolean {
  const graph = compileWorkflow(definition);
  const step = graph.steps.get(stepId);
  if (!step || graph.parentOf.has(stepId) || step.kind === "parallel") return false;
  if (!isTaskStep(step)) return true;
  let tries = 1;
  if (isModelCall(step)) {
    try {
      tries = resolveStepModels(definition.name, step.id, step).length;
    } catch {
      return false; // a misconfigured model: let the step's own job report it
    }
  }
  return step.timeoutMs * tries < defaultStaleAfterMs() / 2;
}

/** The run as the commit just left it, for a step that continues in the same job. */
function advancedRun(run: LoadedRun, rows: StepRow[], plan: MovePlan): LoadedRun {
  const steps = new Map(run.steps);
  for (const row of rows) {
    steps.set(row.stepId, {
      status: row.status,
      kind: row.kind,
      output: row.output ?? null,
      error: row.error ?? null,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt ?? new Date(),
    });
  }
  return { ...run, steps, status: plan.move.status, currentStepId: plan.move.currentStepId, error: plan.move.error !== undefined ? plan.move.error : run.error };
}

async function announceFinish(definition: Definition, run: LoadedRun, status: "completed" | "failed", output: unknown, error: string | null): Promise<void> {
  runEvents.emit("finished", { runId: run.id, status } satisfies RunFinished);
  logger.info({ runId: run.id, workflow: definition.name, status }, "run finished");
  if (run.callbackUrl) {
    await enqueueRunWebhook(run.callbackUrl, {
      runId: run.id,
      workflow: definition.name,
      workflowVersion: definition.version,
      status,
      output: output ?? null,
      error: status === "failed" ? error : null,
      finishedAt: new Date().toISOString(),
    });
  }
}

/** For a step committed earlier (a decided gate, a crash before the enqueue): make sure the run moved on. */
async function moveOn(definition: Definition, run: LoadedRun, stepId: string, committed: CommittedStep, exec: Execution): Promise<StepExecution> {
  const results = resultsOf(run);
  const plan = planAdvance(definition, run, results, stepId, committed.output, committed.finishedAt);
  const reviewed = committed.kind === "gate" && (committed.output as GateOutput | null)?.route === "review";
  const moved = await moveRunFrom(run.id, stepId, plan.rows, {
    ...plan.move,
    // Time spent waiting for a reviewer does not count against the workflow's timeout.
    deadlineShiftMs: reviewed ? committed.finishedAt.getTime() - committed.startedAt.getTime() : 0,
  });
  if (moved.moved) await afterMove(definition, run, plan, exec);
  else await ensureQueued(definition, run.id, moved.status, moved.currentStepId, stepId);
  return "advanced";
}

/** Another job moved the run first: only make sure the step it is at is queued (the job id dedupes). */
async function ensureQueued(definition: Definition, runId: string, status: string | null, currentStepId: string | null, fromStepId: string): Promise<void> {
  if (status !== "running" || !currentStepId || currentStepId === fromStepId) return;
  await enqueueWorkflowSteps(definition, runId, [currentStepId]);
}

async function runBranch(definition: Definition, run: LoadedRun, step: BranchStep<unknown>, exec: Execution): Promise<StepExecution> {
  const results = resultsOf(run);
  let decision;
  try {
    decision = evaluateBranch(step, decisionContext(run, results, step.id));
  } catch (error) {
    await failStep(definition, run, step.id, "branch", error instanceof Error ? error.message : String(error), 1, exec);
    return "failed";
  }
  results[step.id] = decision;
  const now = new Date();
  const plan = planAdvance(definition, run, results, step.id, decision, now);
  const row: StepRow = { stepId: step.id, kind: "branch", status: "completed", output: decision, attempts: 1, startedAt: now, finishedAt: now };
  const outcome = await commitStepAndMove(run.id, [row, ...plan.rows], null, plan.move);
  if (outcome.moved) await afterMove(definition, run, plan, exec, advancedRun(run, [row, ...plan.rows], plan));
  return outcome.fresh ? "committed" : "skipped";
}

/** A parallel group's own job: enqueue every child not yet committed (a re-drive enqueues only the missing ones). */
async function fanOut(definition: Definition, run: LoadedRun, group: ParallelStep<unknown>, exec: Execution): Promise<StepExecution> {
  const pending = group.steps.map((child) => child.id).filter((id) => !run.steps.has(id));
  if (pending.length > 0) {
    await enqueueWorkflowSteps(definition, run.id, pending);
    return "fanned_out";
  }
  const plan = await joinIfComplete(definition, run, group);
  if (plan) await afterMove(definition, run, plan, exec);
  return "advanced";
}

async function runGate(definition: Definition, run: LoadedRun, step: GateStep<unknown>, exec: Execution): Promise<StepExecution> {
  const { job } = exec;
  const startedAt = new Date();
  const results = resultsOf(run);
  const ctx = { ...stepContext(definition, run, results, step.id, job.attempt), signal: job.signal ?? new AbortController().signal };
  let evaluation;
  let route;
  let settings;
  try {
    evaluation = step.evaluate(ctx);
    settings = await getGateSettings(definition.name, step.id, step.defaults);
    route = routeGate(evaluation, settings);
  } catch (error) {
    await failStep(definition, run, step.id, "gate", error instanceof Error ? error.message : String(error), job.attempt, exec);
    return "failed";
  }

  if (route.route === "auto") {
    const output: GateOutput = { route: "auto", confidence: evaluation.confidence, settingsVersion: settings.version, output: evaluation.proposal };
    results[step.id] = output;
    const finishedAt = new Date();
    const plan = planAdvance(definition, run, results, step.id, output, finishedAt);
    const row: StepRow = { stepId: step.id, kind: "gate", status: "completed", output, attempts: job.attempt, confidence: evaluation.confidence, startedAt, finishedAt };
    const attempt: AttemptRow = gateAttempt(step.id, job.attempt, evaluation.confidence, startedAt);
    const outcome = await commitStepAndMove(run.id, [row, ...plan.rows], attempt, plan.move);
    // Audit sampling (lib/calibration): a share of automatic passes also goes to review, as labels only.
    if (outcome.fresh) await auditAutomaticOutput({ runId: run.id, stepId: step.id, workflowName: definition.name, evaluation, editableFields: step.editableFields, settings });
    if (outcome.moved) await afterMove(definition, run, plan, exec, advancedRun(run, [row, ...plan.rows], plan));
    logger.info({ runId: run.id, stepId: step.id, route: "auto", confidence: evaluation.confidence }, "gate");
    return outcome.fresh ? "committed" : "skipped";
  }

  const item = await db.$transaction(async (tx) => {
    const created = await createReviewItem(tx, {
      runId: run.id,
      stepId: step.id,
      workflowName: definition.name,
      evaluation: { ...evaluation, context: { ...evaluation.context, settingsVersion: settings.version } },
      editableFields: step.editableFields,
      route,
      slaPolicy: settings,
    });
    await tx.run.updateMany({ where: { id: run.id, status: { in: ["queued", "running"] } }, data: { status: "waiting_for_review", currentStepId: step.id } });
    if (created.created) {
      const attempt = gateAttempt(step.id, job.attempt, evaluation.confidence, startedAt);
      await tx.stepAttempt.create({
        data: { runId: run.id, stepId: step.id, attempt: attempt.attempt, status: "ok", failover: false, latencyMs: attempt.latencyMs, confidence: attempt.confidence, startedAt, finishedAt: new Date() },
      });
    }
    return created;
  });
  logger.info({ runId: run.id, stepId: step.id, route: "review", priority: route.priority, tier: route.tier, itemId: item.id }, "gate");
  return "waiting_for_review";
}

/** A gate's evaluation is recorded like any attempt (no model; its confidence). */
function gateAttempt(stepId: string, attempt: number, confidence: number, startedAt: Date): AttemptRow {
  return { stepId, attempt, status: "ok", failover: false, latencyMs: Date.now() - startedAt.getTime(), confidence, startedAt };
}

/**
 * `onInvalid: "review"`: the invalid answer becomes a review item at `<step>.review`; the run
 * waits. The reviewer's decision commits that gate (lib/review/record-decision.ts) and resumes
 * the run, which validates the reviewed answer again before anything downstream sees it.
 */
async function sendToReview(definition: Definition, run: LoadedRun, step: TaskStep<unknown>, error: ReviewRequiredError): Promise<StepExecution> {
  const reviewStepId = `${step.id}${INVALID_REVIEW_SUFFIX}`;
  const review = step.invalidReview ?? { priority: "normal", slaMinutes: 120 };
  const item = await db.$transaction(async (tx) => {
    const created = await createReviewItem(tx, {
      runId: run.id,
      stepId: reviewStepId,
      workflowName: definition.name,
      evaluation: {
        // The model's answer failed validation: no confidence in it.
        confidence: 0,
        sensitive: false,
        sensitiveReasons: [],
        proposal: { answer: error.invalid.raw },
        context: { message: error.prompt, step: step.id, model: error.model ?? null, validationError: error.invalid.message },
      },
      editableFields: ["answer"],
      route: { route: "review", priority: review.priority, tier: "standard", slaMinutes: review.slaMinutes, reason: "the model's answer failed validation" },
      slaPolicy: DEFAULT_SLA_POLICY,
    });
    await tx.run.updateMany({ where: { id: run.id, status: { in: ["queued", "running"] } }, data: { status: "waiting_for_review", currentStepId: reviewStepId } });
    return created;
  });
  logger.info({ runId: run.id, stepId: step.id, itemId: item.id, error: error.invalid.message }, "invalid output sent to review");
  return "waiting_for_review";
}

/** The reviewer decided an invalid answer: validate what they approved or wrote, then move on (or fail the step). */
async function resumeAfterReview(definition: Definition, run: LoadedRun, reviewStepId: string, exec: Execution): Promise<StepExecution> {
  const stepId = reviewStepId.slice(0, -INVALID_REVIEW_SUFFIX.length);
  const step = compileWorkflow(definition).steps.get(stepId);
  const review = run.steps.get(reviewStepId);
  if (!review) return run.status === "waiting_for_review" ? "waiting_for_review" : "skipped";
  if (!step || !isTaskStep(step)) {
    await failRunNow(run.id, `Workflow ${definition.name} v${definition.version} has no step "${stepId}"`);
    return "failed";
  }
  const base = run.steps.get(stepId);
  if (base) return base.status === "completed" ? moveOn(definition, run, stepId, base, exec) : "skipped";

  const results = resultsOf(run);
  const gate = review.output as GateOutput;
  const decided = gate.route === "review" ? gate.decision : null;
  const answer = gate.output && typeof gate.output.answer === "string" ? gate.output.answer : null;
  const now = new Date();
  let row: StepRow;
  let plan: MovePlan;
  try {
    if (answer === null) throw new Error(`A reviewer rejected the answer${decided?.reason ? `: ${decided.reason}` : ""}`);
    const ctx = { ...stepContext(definition, run, results, stepId, 1), signal: new AbortController().signal };
    const output = validateOutput(step, parseJsonAnswer(answer), ctx, answer);
    results[stepId] = output;
    row = { stepId, kind: step.kind, status: "completed", output, attempts: 1, model: `human-review (${decided?.action ?? "approved"})`, outputLength: answer.length, startedAt: review.startedAt, finishedAt: now };
    plan = planAdvance(definition, run, results, stepId, output, now);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    row = { stepId, kind: step.kind, status: "failed", error: message, attempts: 1, startedAt: review.startedAt, finishedAt: now };
    plan = planFailure(definition, run, stepId, `Step ${stepId} failed: ${message}`);
  }
  const moved = await moveRunFrom(run.id, reviewStepId, [row, ...plan.rows], {
    ...plan.move,
    deadlineShiftMs: review.finishedAt.getTime() - review.startedAt.getTime(),
  });
  if (moved.moved) await afterMove(definition, run, plan, exec);
  else await ensureQueued(definition, run.id, moved.status, moved.currentStepId, reviewStepId);
  return "advanced";
}

function failureOf(definition: Definition, run: LoadedRun): RunFailure {
  const graph = compileWorkflow(definition);
  // A failed parallel child is reported through its group, which failed because of it.
  const failed = [...run.steps.entries()]
    .filter(([id, step]) => step.status === "failed" && id !== definition.errorHandler && !graph.parentOf.has(id))
    .sort((a, b) => b[1].finishedAt.getTime() - a[1].finishedAt.getTime())[0];
  return { stepId: failed?.[0] ?? run.currentStepId, error: run.error ?? failed?.[1].error ?? "unknown failure" };
}

async function failRunNow(runId: string, error: string): Promise<void> {
  logger.error({ runId, error }, "run failed");
  await db.run.updateMany({ where: { id: runId, status: { notIn: ["completed", "failed"] } }, data: { status: "failed", error } });
}
