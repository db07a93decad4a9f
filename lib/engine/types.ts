import type { z } from "zod";

// The vocabulary a workflow author writes in (see lib/workflows/*.ts and ARCHITECTURE.md). A
// workflow is a list of steps; each runs after the one before it unless it names its `next`, ends
// the run (`end: true`), or is a branch (which picks one of several next steps). The engine
// (execute-step.ts) runs them; define-workflow.ts checks a definition when it is loaded.

export interface RetryPolicy {
  /** Total attempts, the first one included. */
  attempts: number;
  backoff: "fixed" | "exponential";
  /** Delay before the second attempt; exponential doubles it each time. A 429's Retry-After wins when longer. */
  delayMs: number;
}

/** Why the run is in its error handler. */
export interface RunFailure {
  /** The step that failed (for a workflow timeout: the step the run was at). */
  stepId: string | null;
  error: string;
}

/** A typed handle on a step's committed output: the step object itself, or `ref<Output>("id")`. */
export interface StepRef<Output> {
  readonly id: string;
  /** Phantom field carrying the output type; never set. */
  readonly __output?: Output;
}

export interface StepContext<Input> {
  runId: string;
  input: Input;
  /** Outputs of the steps committed so far, by step id. */
  results: Readonly<Record<string, unknown>>;
  /** An earlier step's committed output, typed; throws if that step has no result. */
  result<Output>(step: StepRef<Output>): Output;
  /** 1 on the first attempt. */
  attempt: number;
  /**
   * `<runId>.<stepId>.<attempt>`: stable for this attempt even when a crashed worker's job runs it
   * again. Send it with every effect that leaves Baton (an e-mail, a payment, a ticket) so the
   * receiver can drop the repeat.
   */
  idempotencyKey: string;
  /** Aborted when the step's timeout (or the workflow's) expires, or the worker shuts down. */
  signal: AbortSignal;
  /** Set only for the workflow's error handler. */
  failure?: RunFailure;
}

export interface TaskOutcome<Output = unknown> {
  output: Output;
  /** The model that produced the output, for observability. */
  model?: string;
  provider?: string;
  confidence?: number;
}

/** A business rule over a validated output: return a message when it is broken, else null. */
// Method syntax keeps rules of a typed step assignable to the workflow's untyped step list.
export type BusinessRule<Output, Input = unknown> = {
  check(output: Output, ctx: StepContext<Input>): string | null | undefined;
}["check"];

/** What happens when a model's answer is not JSON, fails the schema or breaks a rule. */
export type OnInvalid =
  /** The attempt fails and is retried by the step's retry policy (same model first). */
  | "retry"
  /** The next failover model is asked at once, within the same attempt. */
  | "failover"
  /** The answer goes to a human (a review item); the reviewer's corrected answer is validated again. */
  | "review";

/** Routing of a human review of an invalid answer (`onInvalid: "review"`). */
export interface InvalidReview {
  slaMinutes: number;
  priority: "urgent" | "high" | "normal" | "low";
}

interface StepBase {
  id: string;
  description?: string;
  /** The step that runs after this one (default: the next in the list). Not for branches or parallel groups. */
  next?: string;
  /** This step finishes the run; its output is the run's output. */
  end?: boolean;
}

interface TaskBase<Input, Output> extends StepBase {
  timeoutMs: number;
  retry: RetryPolicy;
  /** Validation gate: the output must match this schema before anything downstream sees it. */
  output?: z.ZodType<Output>;
  /** Validation gate: business rules checked after the schema. */
  rules?: BusinessRule<Output, Input>[];
  /** Default "retry". */
  onInvalid?: OnInvalid;
  /** For `onInvalid: "review"`; default normal priority, 120 minutes. */
  invalidReview?: InvalidReview;
}

/** A step that computes something in code: a built-in model, a pipeline, or a plain handler. */
export interface CodeStep<Input, Output = unknown> extends TaskBase<Input, Output> {
  kind: "model" | "pipeline" | "handler";
  run(ctx: StepContext<Input>): Promise<TaskOutcome<Output>> | TaskOutcome<Output>;
}

export interface ModelPrompt {
  system?: string;
  /** The user message: the content the model works on. Built-in models read only this. */
  user: string;
  maxTokens?: number;
  temperature?: number;
}

/**
 * A call to a language model through a provider (lib/providers): `model` is
 * `<provider>:<model name>` (`openai:gpt-4o-mini`, `anthropic:claude-3-5-haiku-latest`,
 * `builtin:lexical-toxicity`, or any endpoint configured as BATON_PROVIDER_<NAME>_*). The answer
 * is parsed as JSON and checked against `output` and `rules`.
 */
export interface ModelCallStep<Input, Output = unknown> extends TaskBase<Input, Output> {
  kind: "model";
  model: string;
  /** Tried in order when the model before fails, times out (or answers invalidly, with onInvalid "failover"). */
  failover?: string[];
  prompt(ctx: StepContext<Input>): ModelPrompt;
  output: z.ZodType<Output>;
  /** The confidence recorded for the attempt (and used by gates downstream), from the validated output. */
  confidence?(output: Output): number | undefined;
}

export type TaskStep<Input, Output = unknown> = CodeStep<Input, Output> | ModelCallStep<Input, Output>;

export interface GateThresholds {
  /** confidence ≥ autoThreshold continues without a human. */
  autoThreshold: number;
  /** confidence ≥ reviewThreshold is reviewed at normal priority; below, at low priority. */
  reviewThreshold: number;
  normalSlaMinutes: number;
  lowSlaMinutes: number;
  sensitiveSlaMinutes: number;
}

export interface GateEvaluation {
  confidence: number;
  sensitive: boolean;
  sensitiveReasons: string[];
  /** The AI output under review; it is what continues if approved. */
  proposal: Record<string, unknown>;
  /** What a reviewer needs to judge the proposal (the input, evidence, earlier steps). */
  context: Record<string, unknown>;
}

/** A human-in-the-loop gate: continue automatically, or pause the run for a reviewer's decision. */
export interface GateStep<Input> extends StepBase {
  kind: "gate";
  /** Thresholds used until an admin saves settings for this gate. */
  defaults: GateThresholds;
  /** Fields of the proposal a reviewer may edit (text fields). */
  editableFields: string[];
  evaluate(ctx: StepContext<Input>): GateEvaluation;
}

export type BranchValue = string | number | boolean;

/** Picks the next step by the value of an earlier step's result (a `default` is required). */
export interface ValueBranchStep<Input> {
  kind: "branch";
  id: string;
  description?: string;
  /** The earlier step whose result is branched on. */
  on: string;
  value(result: unknown, ctx: StepContext<Input>): BranchValue;
  /** value → step id. */
  cases: Record<string, string>;
  default: string;
}

/** Picks the next step by ordered predicates over a score from an earlier step (first match wins). */
export interface ScoreBranchStep<Input> {
  kind: "branch";
  id: string;
  description?: string;
  on: string;
  score(result: unknown, ctx: StepContext<Input>): number;
  when: { test(score: number): boolean; goto: string; label: string }[];
  default: string;
}

export type BranchStep<Input> = ValueBranchStep<Input> | ScoreBranchStep<Input>;

/**
 * Runs its steps at the same time, then the `join` step, which sees every child's outcome in
 * `results[<group id>]` (a ParallelOutput). A child that fails (after its own retries and
 * failover) is reported to the join as `{ status: "failed" }` when `onChildFailure` is "continue"
 * (the default); with "fail", the first child failure fails the group (and so the run, or its
 * error handler takes over) without waiting for the others.
 */
export interface ParallelStep<Input> {
  kind: "parallel";
  id: string;
  description?: string;
  steps: TaskStep<Input>[];
  join: string;
  onChildFailure?: "continue" | "fail";
}

export type ChildOutcome = { status: "completed"; output: unknown } | { status: "failed"; error: string };
/** What a parallel group commits: each child's outcome by step id. */
export type ParallelOutput = Record<string, ChildOutcome>;

export type Step<Input> = TaskStep<Input> | GateStep<Input> | BranchStep<Input> | ParallelStep<Input>;

export interface WorkflowDefinition<Input = unknown> {
  name: string;
  version: number;
  description: string;
  input: z.ZodType<Input>;
  /** The first step is where a run starts. */
  steps: Step<Input>[];
  /**
   * A task step that runs once when any step fails for good (or the workflow times out), with
   * `ctx.failure` set. It cannot undo the failure: the run ends `failed`, with the handler's
   * output as the run's output (e.g. what was logged or who was told).
   */
  errorHandler?: string;
  /**
   * The whole run's budget of machine time, from submission. Past it, the run fails (or goes to
   * its error handler). Time spent waiting for a human reviewer does not count: review has its SLA.
   */
  timeoutMs?: number;
}

export type ReviewAction = "approved" | "edited" | "rejected";

/** What a gate step commits once passed: the run continues with `output`. */
export type GateOutput =
  | { route: "auto"; confidence: number; settingsVersion: number; output: Record<string, unknown> }
  | {
      route: "review";
      confidence: number;
      reviewItemId: string;
      decision: { action: ReviewAction; reviewerId: string; reason: string | null };
      /** The proposal (approved), the edited proposal (edited), or null (rejected). */
      output: Record<string, unknown> | null;
    };

/** What a branch commits: the value it saw and the step it chose. */
export interface BranchOutput {
  on: string;
  value: BranchValue;
  /** The matched case or predicate label; "default" when none matched. */
  matched: string;
  target: string;
}
