/**
 * How long a queued/running run may go without a commit before the reconciler re-drives it
 * (BATON_RECONCILE_STALE_MS, default one minute). Steps that may run longer than half of it are
 * never run inline (execute-step.ts), so a run being worked on never looks stalled.
 */
export function defaultStaleAfterMs(): number {
  const value = Number(process.env.BATON_RECONCILE_STALE_MS);
  return Number.isFinite(value) && value > 0 ? value : 60_000;
}
