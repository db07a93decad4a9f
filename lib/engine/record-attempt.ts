import { db } from "../db";
import { logger } from "../logger";

/** ok | error | timeout | invalid, and duplicate for a result that lost the race to commit. */
export type AttemptStatus = "ok" | "error" | "timeout" | "invalid" | "duplicate";

/** One try at one step: a retry or a failover to another model is another record. */
export interface AttemptRecord {
  runId: string;
  stepId: string;
  attempt: number;
  model?: string | null;
  provider?: string | null;
  status: AttemptStatus;
  error?: string | null;
  /** Made with a failover model (not the step's first). */
  failover: boolean;
  inputLength?: number | null;
  outputLength?: number | null;
  latencyMs: number;
  confidence?: number | null;
  startedAt: Date;
  idempotencyKey: string;
}

/** The article's per-step observability: one structured JSON line per attempt. */
export function logAttempt(record: AttemptRecord): void {
  const line = {
    event: "step_attempt",
    runId: record.runId,
    stepId: record.stepId,
    attempt: record.attempt,
    model: record.model ?? null,
    provider: record.provider ?? null,
    status: record.status,
    failover: record.failover,
    inputLength: record.inputLength ?? null,
    outputLength: record.outputLength ?? null,
    latencyMs: record.latencyMs,
    confidence: record.confidence ?? null,
    error: record.error ?? null,
    idempotencyKey: record.idempotencyKey,
  };
  if (record.status === "ok") logger.info(line, "step attempt");
  else logger.warn(line, "step attempt");
}

/** Stores a failed try at once (successful ones are stored with the step's commit) and logs it. */
export async function recordFailedAttempt(record: AttemptRecord): Promise<void> {
  logAttempt(record);
  await db.stepAttempt.create({
    data: {
      runId: record.runId,
      stepId: record.stepId,
      attempt: record.attempt,
      model: record.model ?? null,
      provider: record.provider ?? null,
      status: record.status,
      error: record.error?.slice(0, 2000) ?? null,
      failover: record.failover,
      inputLength: record.inputLength ?? null,
      outputLength: record.outputLength ?? null,
      latencyMs: Math.max(0, Math.round(record.latencyMs)),
      confidence: record.confidence ?? null,
      startedAt: record.startedAt,
      finishedAt: new Date(record.startedAt.getTime() + Math.max(0, Math.round(record.latencyMs))),
    },
  });
}
