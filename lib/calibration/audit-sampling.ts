import { createHash } from "node:crypto";

/**
 * A number in [0, 1) fixed by the run and the gate: the same run draws the same number however
 * often its gate is evaluated (retries, a crash and a re-run), so an audit sample is taken once
 * or never, never re-drawn. SHA-256 spreads the bits evenly, so the share sampled is `rate`.
 */
export function auditDraw(runId: string, stepId: string): number {
  const digest = createHash("sha256").update(`audit:${runId}:${stepId}`).digest();
  // 48 bits fit a double exactly.
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** Whether an automatically accepted output of this run is also sent to audit review. */
export function shouldAudit(runId: string, stepId: string, rate: number): boolean {
  if (!(rate > 0)) return false;
  return auditDraw(runId, stepId) < rate;
}
