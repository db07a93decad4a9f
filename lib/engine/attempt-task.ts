import { getProvider } from "../providers/get-provider";
import { resolveStepModels, type ModelRef } from "../providers/model-ref";
import { ProviderError } from "../providers/types";
import { isModelCall } from "./define-workflow";
import { HandBackError, InvalidOutputError, NonRetryableError, ReviewRequiredError, WorkflowTimeoutError } from "./errors";
import { recordFailedAttempt, type AttemptRecord, type AttemptStatus } from "./record-attempt";
import type { CodeStep, ModelCallStep, StepContext, TaskStep } from "./types";
import { parseJsonAnswer, validateOutput } from "./validate-output";
import { StepTimeoutError, withTimeout } from "./with-timeout";

/** The result of one successful attempt, not yet committed. */
export interface TaskSuccess {
  output: unknown;
  model?: string;
  provider?: string;
  confidence?: number;
  failover: boolean;
  inputLength: number;
  outputLength: number;
  startedAt: Date;
  latencyMs: number;
}

export interface AttemptOptions {
  workflowName: string;
  /** The step's timeout, cut short by the workflow's deadline when that comes first. */
  timeoutMs: number;
  /** True when `timeoutMs` is the workflow's remaining time rather than the step's own. */
  deadlineLimited: boolean;
  workflowTimeoutMs: number | null;
  /** Aborted when the worker shuts down. */
  parentSignal?: AbortSignal;
}

type Ctx<Input> = Omit<StepContext<Input>, "signal">;

/**
 * One attempt at a task step: its code, or its model with the failover models after it, each
 * under the step's timeout, each answer through the validation gate. Failed tries are recorded
 * (StepAttempt + a JSON log line) as they happen; the successful one is recorded with the commit.
 */
export async function attemptTask<Input>(step: TaskStep<Input>, ctx: Ctx<Input>, options: AttemptOptions): Promise<TaskSuccess> {
  return isModelCall(step) ? attemptModel(step, ctx, options) : attemptCode(step, ctx, options);
}

async function attemptCode<Input>(step: CodeStep<Input>, ctx: Ctx<Input>, options: AttemptOptions): Promise<TaskSuccess> {
  const startedAt = new Date();
  const inputLength = JSON.stringify(ctx.input ?? null)?.length ?? 0;
  let model: string | undefined;
  try {
    const outcome = await withTimeout((signal) => step.run({ ...ctx, signal }), options.timeoutMs, options.parentSignal);
    model = outcome.model;
    const output = step.output || step.rules ? validateOutput(step, outcome.output, { ...ctx, signal: neverAborted }) : outcome.output;
    return {
      output,
      model: outcome.model,
      provider: outcome.provider,
      confidence: outcome.confidence,
      failover: false,
      inputLength,
      outputLength: JSON.stringify(output ?? null)?.length ?? 0,
      startedAt,
      latencyMs: Date.now() - startedAt.getTime(),
    };
  } catch (error) {
    const failure = classify(error, options);
    await recordFailedAttempt(attemptRecord(ctx, step.id, { model, status: failure.status, error: failure.message, failover: false, inputLength, startedAt }));
    if (error instanceof InvalidOutputError && step.onInvalid === "review") throw new ReviewRequiredError(error, model, JSON.stringify(ctx.input ?? null));
    throw failure.rethrow;
  }
}

async function attemptModel<Input>(step: ModelCallStep<Input>, ctx: Ctx<Input>, options: AttemptOptions): Promise<TaskSuccess> {
  const models = resolveStepModels(options.workflowName, step.id, step);
  const prompt = step.prompt({ ...ctx, signal: neverAborted });
  const inputLength = (prompt.system?.length ?? 0) + prompt.user.length;
  let lastError: unknown;
  let retryAfterMs: number | undefined;

  for (const [index, ref] of models.entries()) {
    const startedAt = new Date();
    const label = `${ref.provider}:${ref.model}`;
    try {
      const provider = getProvider(ref.provider);
      const completion = await withTimeout(
        (signal) =>
          provider.complete({
            model: ref.model,
            system: prompt.system,
            user: prompt.user,
            maxTokens: prompt.maxTokens,
            temperature: prompt.temperature,
            json: true,
            signal,
            timeoutMs: options.timeoutMs,
            idempotencyKey: ctx.idempotencyKey,
          }),
        options.timeoutMs,
        options.parentSignal,
      );
      const output = validateOutput(step, parseJsonAnswer(completion.text), { ...ctx, signal: neverAborted }, completion.text);
      return {
        output,
        model: ref.provider === "builtin" ? completion.model : `${ref.provider}:${completion.model}`,
        provider: ref.provider,
        confidence: step.confidence?.(output as never) ?? completion.confidence,
        failover: index > 0,
        inputLength,
        outputLength: completion.text.length,
        startedAt,
        latencyMs: Date.now() - startedAt.getTime(),
      };
    } catch (error) {
      const failure = classify(error, options);
      await recordFailedAttempt(
        attemptRecord(ctx, step.id, {
          model: label,
          provider: ref.provider,
          status: failure.status,
          error: failure.message,
          failover: index > 0,
          inputLength,
          outputLength: error instanceof InvalidOutputError ? error.raw.length : null,
          startedAt,
        }),
      );
      // Shutdown and the workflow's deadline stop the whole attempt; so does an invalid answer
      // unless the step fails over on it.
      if (failure.rethrow instanceof HandBackError || failure.rethrow instanceof WorkflowTimeoutError) throw failure.rethrow;
      if (error instanceof InvalidOutputError) {
        if (step.onInvalid === "review") throw new ReviewRequiredError(error, label, prompt.user);
        if (step.onInvalid !== "failover") throw error;
      }
      if (error instanceof ProviderError && error.retryAfterMs !== undefined) retryAfterMs = Math.max(retryAfterMs ?? 0, error.retryAfterMs);
      lastError = failure.rethrow;
    }
  }
  throw withRetryAfter(lastError, retryAfterMs, models);
}

const neverAborted = new AbortController().signal;

function classify(error: unknown, options: AttemptOptions): { status: AttemptStatus; message: string; rethrow: unknown } {
  if (options.parentSignal?.aborted) return { status: "error", message: "interrupted: the worker is shutting down", rethrow: new HandBackError() };
  const timedOut = error instanceof StepTimeoutError || (error instanceof ProviderError && error.kind === "timeout");
  if (timedOut && options.deadlineLimited) {
    return { status: "timeout", message: "the workflow's deadline passed", rethrow: new WorkflowTimeoutError(options.workflowTimeoutMs) };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (timedOut) return { status: "timeout", message, rethrow: error instanceof StepTimeoutError ? error : new StepTimeoutError(options.timeoutMs) };
  if (error instanceof InvalidOutputError) return { status: "invalid", message, rethrow: error };
  if (error instanceof NonRetryableError) return { status: "error", message, rethrow: error };
  return { status: "error", message, rethrow: error };
}

/** The error the attempt fails with after every model failed; carries the longest Retry-After seen. */
function withRetryAfter(error: unknown, retryAfterMs: number | undefined, models: ModelRef[]): Error {
  const base = error instanceof Error ? error : new Error(String(error));
  if (models.length > 1) base.message = `All ${models.length} models failed; last: ${base.message}`;
  if (retryAfterMs !== undefined) Object.defineProperty(base, "retryAfterMs", { value: retryAfterMs, enumerable: true, configurable: true, writable: true });
  return base;
}

function attemptRecord<Input>(
  ctx: Ctx<Input>,
  stepId: string,
  fields: Pick<AttemptRecord, "status" | "failover" | "startedAt"> & Partial<AttemptRecord>,
): AttemptRecord {
  return {
    runId: ctx.runId,
    stepId,
    attempt: ctx.attempt,
    idempotencyKey: ctx.idempotencyKey,
    latencyMs: Date.now() - fields.startedAt.getTime(),
    ...fields,
  };
}
