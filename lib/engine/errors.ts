// Why a step attempt did not produce a result. The engine maps each to an attempt status
// (StepAttempt.status), a retry decision and, at the end, the run's fate.

/** The answer was not JSON, failed the output schema, or broke a business rule. */
export class InvalidOutputError extends Error {
  constructor(
    message: string,
    /** The raw answer, kept for a human reviewer. */
    readonly raw: string,
  ) {
    super(message);
    this.name = "InvalidOutputError";
  }
}

/**
 * Throw from a step to fail it at once, without the remaining retries (a bad request, a refused
 * payment): the failure goes straight to the error handler, or fails the run.
 */
export class NonRetryableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "NonRetryableError";
  }
}

/** The workflow's own deadline passed (Run.deadlineAt): no retry can help. */
export class WorkflowTimeoutError extends Error {
  constructor(readonly timeoutMs: number | null) {
    super(timeoutMs ? `Workflow timed out after ${timeoutMs} ms` : "Workflow timed out");
    this.name = "WorkflowTimeoutError";
  }
}

/** The worker is shutting down: the job goes back to the queue, the attempt does not count. */
export class HandBackError extends Error {
  constructor() {
    super("Step handed back: the worker is shutting down");
    this.name = "HandBackError";
  }
}

/** An invalid answer goes to a human reviewer (onInvalid: "review"). */
export class ReviewRequiredError extends Error {
  constructor(
    readonly invalid: InvalidOutputError,
    readonly model: string | undefined,
    readonly prompt: string,
  ) {
    super(`Output sent to human review: ${invalid.message}`);
    this.name = "ReviewRequiredError";
  }
}

/** Carries a 429's Retry-After to the BullMQ backoff strategy (lib/engine/backoff.ts). */
export function retryAfterOf(error: unknown): number | undefined {
  const value = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof value === "number" && value >= 0 ? value : undefined;
}

const TRANSIENT_DB = [
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH/,
  /Connection terminated/i,
  /connection (is )?(closed|terminated|ended)/i,
  /terminating connection/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /Can't reach database server/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /server closed the connection unexpectedly/i,
];
const TRANSIENT_CODES = new Set(["P1001", "P1002", "P1017", "P2024", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08006", "ECONNREFUSED", "ECONNRESET"]);

/**
 * A failure of Baton's own storage (PostgreSQL restarting, unreachable), not of the step. The job
 * is put back with a short delay without spending one of the step's attempts.
 */
export function isTransientInfrastructureError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && TRANSIENT_CODES.has(code)) return true;
    const message = current instanceof Error ? current.message : typeof current === "string" ? current : "";
    if (TRANSIENT_DB.some((pattern) => pattern.test(message))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
