import { HOUR_MS, ceilHour, floorHour, grainsWithin, splitIntoPeriods, type Period } from "./rollup-periods";
import type { TimeRange } from "./window-facts";

export interface WindowPlan {
  /** Parts of the window computed from the source tables. */
  live: TimeRange[];
  /** Rolled-up periods for the per-period figures: none longer than a chart bucket. */
  periods: Period[];
  /** The same hours in the fewest periods, for the per-reviewer figures (no chart). */
  reviewerPeriods: Period[];
}

/**
 * Which parts of the window (since, now] come from the roll-up and which from the source tables:
 * the whole hours inside both the window and the rolled-up range [rolled.from, rolled.to) are
 * read from the roll-up; the partial hours at the window's edges, hours before the roll-up's
 * history reaches and everything after its watermark are computed live. So the figures are exact
 * and current however late the roll-up job is, or if it never ran. Windows charted in buckets
 * shorter than an hour (the last hour, in 5-minute points) are computed live.
 */
export function planWindow(input: { since: Date; now: Date; bucketSeconds: number; rolled: { from: number; to: number } | null }): WindowPlan {
  // Timestamps are stored to the millisecond: (since, now] is [since + 1 ms, now + 1 ms).
  const start = input.since.getTime() + 1;
  const end = input.now.getTime() + 1;
  const allLive: WindowPlan = { live: [{ from: new Date(start), to: new Date(end) }], periods: [], reviewerPeriods: [] };
  if (!input.rolled || input.bucketSeconds % (HOUR_MS / 1000) !== 0) return allLive;
  const from = Math.max(ceilHour(start), input.rolled.from);
  const to = Math.min(floorHour(end), input.rolled.to);
  if (from >= to) return allLive;
  const live: TimeRange[] = [];
  if (start < from) live.push({ from: new Date(start), to: new Date(from) });
  if (to < end) live.push({ from: new Date(to), to: new Date(end) });
  return { live, periods: splitIntoPeriods(from, to, grainsWithin(input.bucketSeconds)), reviewerPeriods: splitIntoPeriods(from, to) };
}
