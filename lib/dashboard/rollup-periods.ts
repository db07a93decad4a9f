// The roll-up's periods: 1, 6 and 24 hours, aligned to UTC (each divides the next), so any range
// of whole hours splits into a few periods — a week into about 20 instead of 168 — and a reader
// can choose only periods that fit inside its own chart buckets.

export const HOUR_MS = 3_600_000;
export const ROLLUP_GRAIN_HOURS = [1, 6, 24] as const;
export type GrainHours = (typeof ROLLUP_GRAIN_HOURS)[number];

export interface Period {
  grainHours: GrainHours;
  /** Epoch milliseconds, a multiple of grainHours hours. */
  start: number;
}

export const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;
export const ceilHour = (ms: number) => Math.ceil(ms / HOUR_MS) * HOUR_MS;

/**
 * Splits [from, to) — whole hours — into the fewest aligned periods of the given grains: from the
 * left, always the longest period that starts here and ends by `to`. With nested grains this is
 * at most (ratio − 1) periods of each shorter grain at either end, and long ones in the middle.
 */
export function splitIntoPeriods(from: number, to: number, grains: readonly GrainHours[] = ROLLUP_GRAIN_HOURS): Period[] {
  if (from % HOUR_MS !== 0 || to % HOUR_MS !== 0) throw new Error("splitIntoPeriods takes whole hours");
  const longestFirst = [...grains].sort((a, b) => b - a);
  if (longestFirst.at(-1) !== 1) throw new Error("splitIntoPeriods needs the 1-hour grain");
  const periods: Period[] = [];
  for (let t = from; t < to; ) {
    const grainHours = longestFirst.find((g) => t % (g * HOUR_MS) === 0 && t + g * HOUR_MS <= to)!;
    periods.push({ grainHours, start: t });
    t += grainHours * HOUR_MS;
  }
  return periods;
}

/** The grains whose periods never straddle a chart bucket of this width (buckets aligned to the epoch). */
export function grainsWithin(bucketSeconds: number): GrainHours[] {
  return ROLLUP_GRAIN_HOURS.filter((g) => bucketSeconds % (g * 3600) === 0);
}
