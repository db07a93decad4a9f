import { db, Prisma, type Tx } from "../db";
import { logger } from "../logger";
import { createReviewItem } from "../review/create-review-item";
import { commitStep } from "../runs/commit-step";
import { getGateSettings } from "../settings/gate-settings";
import { getStep, nextStepId } from "./define-workflow";
import { enqueueWorkflowStep } from "./enqueue-step";
import type { WorkflowRegistry } from "./registry";
import { routeGate } from "./route-gate";
import type { GateOutput, GateStep, StepContext, TaskStep, WorkflowDefinition } from "./types";
import { withTimeout } from "./with-timeout";

export interface StepAttempt {
  runId: string;
  stepId: string;
  /** 1 on the first attempt. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the worker shuts down. */
  signal?: AbortSignal;
}

export type StepExecution = "committed" | "advanced" | "waiting_for_review" | "failed" | "skipped";

type LoadedRun = { id: string; status: string; workflowName: string; workflowVersion: number; input: unknown; currentStepId: string | null };

/**
 * Executes one step of one run: the body of a step job. The result is committed to PostgreSQL
 * (with the run's new position, in one transaction) before the next step is enqueued, so a
 * worker killed at any moment either left nothing (the job runs again) or left a committed
 * checkpoint (the job, run again, only moves the run on).
 */
export async function executeStep(registry: WorkflowRegistry, job: StepAttempt): Promise<StepExecution> {
  const run = await db.run.findUnique({
    where: { id: job.runId },
    select: { id: true, status: true, workflowName: true, workflowVersion: true, input: true, currentStepId: true },
  });
  if (!run || run.status === "completed" || run.status === "failed") return "skipped";

  const definition = registry.get(run.workflowName, run.workflowVersion);
  const step = definition && getStep(definition, job.stepId);
  if (!definition || !step) {
    await failRun(run.id, `Workflow ${run.workflowName} v${run.workflowVersion} has no step "${job.stepId}" on this worker`);
    return "failed";
  }

  const committed = await db.runStep.findUnique({ where: { runId_stepId: { runId: run.id, stepId: step.id } } });
  if (committed) {
    if (committed.status === "failed") return "skipped";
    await moveOn(definition, run.id, step.id, committed.output);
    return "advanced";
  }
  if (run.status === "waiting_for_review" && run.currentStepId === step.id) return "waiting_for_review";

  await db.run.updateMany({
    where: { id: run.id, status: { in: ["queued", "running"] } },
    data: { status: "running", currentStepId: step.id },
  });
  const ctx: Omit<StepContext<unknown>, "signal"> = {
    runId: run.id,
    input: run.input,
    results: await loadResults(run.id),
    attempt: job.attempt,
  };
  return step.kind === "gate"
    ? runGate(definition, run, step, { ...ctx, signal: job.signal ?? new AbortController().signal })
    : runTask(definition, run, step, ctx, job);
}

async function runTask(
  definition: WorkflowDefinition<unknown>,
  run: LoadedRun,
  step: TaskStep<unknown>,
  ctx: Omit<StepContext<unknown>, "signal">,
  job: StepAttempt,
): Promise<StepExecution> {
  const startedAt = new Date();
  const inputLength = JSON.stringify(ctx.input ?? null).length;
  try {
    const outcome = await withTimeout((signal) => step.run({ ...ctx, signal }), step.timeoutMs, job.signal);
    const outputLength = JSON.stringify(outcome.output ?? null).length;
    const attemptLog = { runId: run.id, stepId: step.id, attempt: job.attempt, model: outcome.model, inputLength, outputLength, confidence: outcome.confidence };
    const next = await db.$transaction(async (tx) => {
      const fresh = await commitStep(tx, {
        runId: run.id,
        stepId: step.id,
        kind: step.kind,
        status: "completed",
        output: outcome.output,
        attempts: job.attempt,
        model: outcome.model,
        confidence: outcome.confidence,
        inputLength,
        outputLength,
        startedAt,
      });
      return fresh ? advanceInTx(tx, definition, run.id, step.id, outcome.output) : undefined;
    });
    logger.info({ ...attemptLog, latencyMs: Date.now() - startedAt.getTime(), status: "ok" }, "step attempt");
    if (next) await enqueueWorkflowStep(definition, run.id, next);
    return "committed";
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.warn(
      { runId: run.id, stepId: step.id, attempt: job.attempt, inputLength, latencyMs: Date.now() - startedAt.getTime(), status: "error", error: message },
      "step attempt",
    );
    // Not the last attempt: BullMQ retries the job with the step's backoff.
    if (job.attempt < job.maxAttempts) throw error;
    await db.$transaction(async (tx) => {
      await commitStep(tx, { runId: run.id, stepId: step.id, kind: step.kind, status: "failed", error: message, attempts: job.attempt, inputLength, startedAt });
      await tx.run.update({ where: { id: run.id }, data: { status: "failed", error: `Step ${step.id} failed: ${message}` } });
    });
    return "failed";
  }
}

async function runGate(
  definition: WorkflowDefinition<unknown>,
  run: LoadedRun,
  step: GateStep<unknown>,
  ctx: StepContext<unknown>,
): Promise<StepExecution> {
  const startedAt = new Date();
  const evaluation = step.evaluate(ctx);
  const settings = await getGateSettings(definition.name, step.id, step.defaults);
  const route = routeGate(evaluation, settings);

  if (route.route === "auto") {
    const output: GateOutput = { route: "auto", confidence: evaluation.confidence, settingsVersion: settings.version, output: evaluation.proposal };
    const next = await db.$transaction(async (tx) => {
      const fresh = await commitStep(tx, { runId: run.id, stepId: step.id, kind: "gate", status: "completed", output, attempts: ctx.attempt, confidence: evaluation.confidence, startedAt });
      return fresh ? advanceInTx(tx, definition, run.id, step.id, output) : undefined;
    });
    logger.info({ runId: run.id, stepId: step.id, route: "auto", confidence: evaluation.confidence }, "gate");
    if (next) await enqueueWorkflowStep(definition, run.id, next);
    return "committed";
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
    await tx.run.update({ where: { id: run.id }, data: { status: "waiting_for_review", currentStepId: step.id } });
    return created;
  });
  logger.info({ runId: run.id, stepId: step.id, route: "review", priority: route.priority, tier: route.tier, itemId: item.id }, "gate");
  return "waiting_for_review";
}

/**
 * Moves the run past a committed step, in the caller's transaction: to the next step, or, after
 * the last one, to completed with that step's output. Returns the step to enqueue, if any.
 */
async function advanceInTx(tx: Tx, definition: WorkflowDefinition<unknown>, runId: string, stepId: string, output: unknown): Promise<string | null> {
  const next = nextStepId(definition, stepId);
  if (next) {
    await tx.run.update({ where: { id: runId }, data: { status: "running", currentStepId: next } });
  } else {
    await tx.run.updateMany({
      where: { id: runId, status: { notIn: ["completed", "failed"] } },
      data: { status: "completed", currentStepId: null, completedAt: new Date(), output: (output ?? Prisma.DbNull) as Prisma.InputJsonValue },
    });
  }
  return next;
}

/** For a step committed earlier (by a decision, or before a crash): make sure the run moved on. */
async function moveOn(definition: WorkflowDefinition<unknown>, runId: string, stepId: string, output: unknown): Promise<void> {
  const next = await db.$transaction(async (tx) => {
    const [run] = await tx.$queryRaw<{ current_step_id: string | null; status: string }[]>`
      SELECT current_step_id, status FROM runs WHERE id = ${runId}::uuid FOR UPDATE`;
    // Already past this step: another job moved the run on, so only make sure its next step is queued.
    if (!run || run.current_step_id !== stepId) return run?.current_step_id && run.status === "running" ? run.current_step_id : null;
    return advanceInTx(tx, definition, runId, stepId, output);
  });
  if (next) await enqueueWorkflowStep(definition, runId, next);
}

async function loadResults(runId: string): Promise<Record<string, unknown>> {
  const steps = await db.runStep.findMany({ where: { runId, status: "completed" }, select: { stepId: true, output: true } });
  return Object.fromEntries(steps.map((s) => [s.stepId, s.output]));
}

async function failRun(runId: string, error: string): Promise<void> {
  logger.error({ runId, error }, "run failed");
  await db.run.update({ where: { id: runId }, data: { status: "failed", error } });
}
