import type { z } from "zod";

// The vocabulary a workflow author writes in. The engine (execute-step.ts) runs these; the
// foundation executes steps in order, and later step kinds (branch, parallel) slot in beside them.

export interface RetryPolicy {
  /** Total attempts, the first one included. */
  attempts: number;
  backoff: "fixed" | "exponential";
  /** Delay before the second attempt; exponential doubles it each time. */
  delayMs: number;
}

export interface StepContext<Input> {
  runId: string;
  input: Input;
  /** Outputs of the steps committed so far, by step id. */
  results: Readonly<Record<string, unknown>>;
  /** 1 on the first attempt. */
  attempt: number;
  /** Aborted when the step's timeout expires or the worker shuts down. */
  signal: AbortSignal;
}

export interface TaskOutcome<Output = unknown> {
  output: Output;
  /** The model that produced the output, for observability. */
  model?: string;
  confidence?: number;
}

/** A step that computes something: a model call, a pipeline, or plain code. */
export interface TaskStep<Input> {
  kind: "model" | "pipeline" | "handler";
  id: string;
  description?: string;
  timeoutMs: number;
  retry: RetryPolicy;
  run(ctx: StepContext<Input>): Promise<TaskOutcome> | TaskOutcome;
}

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
export interface GateStep<Input> {
  kind: "gate";
  id: string;
  description?: string;
  /** Thresholds used until an admin saves settings for this gate. */
  defaults: GateThresholds;
  /** Fields of the proposal a reviewer may edit (text fields). */
  editableFields: string[];
  evaluate(ctx: StepContext<Input>): GateEvaluation;
}

export type Step<Input> = TaskStep<Input> | GateStep<Input>;

export interface WorkflowDefinition<Input = unknown> {
  name: string;
  version: number;
  description: string;
  input: z.ZodType<Input>;
  steps: Step<Input>[];
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
