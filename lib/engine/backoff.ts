import type { MinimalJob } from "bullmq";
import { retryAfterOf } from "./errors";
import type { RetryPolicy } from "./types";

// BullMQ's built-in backoffs cannot see the error, so a step's retry delay comes from this
// strategy (registered on the steps worker): the step's policy, stretched to a 429's Retry-After.

export const BACKOFF_TYPES = { fixed: "baton-fixed", exponential: "baton-exponential" } as const;

export function stepJobBackoff(policy: RetryPolicy): { type: string; delay: number } {
  return { type: BACKOFF_TYPES[policy.backoff], delay: Math.max(0, policy.delayMs) };
}

/** The delay before retry number `attemptsMade` (1 = the first retry). */
export function retryDelay(type: string | undefined, delayMs: number, attemptsMade: number, error?: unknown): number {
  const base = type === BACKOFF_TYPES.exponential ? Math.round(delayMs * 2 ** Math.max(0, attemptsMade - 1)) : delayMs;
  const retryAfter = retryAfterOf(error);
  return retryAfter !== undefined ? Math.max(base, retryAfter) : base;
}

export function stepBackoffStrategy(attemptsMade: number, type?: string, error?: Error, job?: MinimalJob): number {
  const backoff = job?.opts.backoff;
  const delay = typeof backoff === "object" && backoff ? (backoff.delay ?? 0) : typeof backoff === "number" ? backoff : 0;
  // A job that starts at attempt N (execute-step@N) has N - 1 attempts behind it already.
  const before = job ? Number(/@(\d+)$/.exec(job.name)?.[1] ?? 1) - 1 : 0;
  return retryDelay(type, delay, attemptsMade + before, error);
}
