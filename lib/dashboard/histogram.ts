import { Prisma } from "../db";

// Durations on the dashboard (time to decision, handling time, run latency) are kept as
// histograms of log buckets instead of sorted values, so that medians and p95s can be summed
// over any set of hours: bucket b holds durations in [e^(b/k) − 1, e^((b+1)/k) − 1) milliseconds,
// about 5% wide, with k = BUCKETS_PER_E. A quantile is interpolated inside its bucket, so it is
// within 5% of the exact one. Buckets are computed in SQL only (one definition, below), never in
// JavaScript, so the roll-up and the live path can never disagree on a value's bucket.

export const BUCKETS_PER_E = 20;

/** The bucket of a duration in milliseconds (a bigint or numeric SQL expression); negative durations (clock skew) count as 0. */
export function bucketSql(milliseconds: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`floor(ln((greatest(${milliseconds}, 0) + 1)::float8) * ${BUCKETS_PER_E})::int`;
}

/** An interval as whole milliseconds (timestamps are stored to the millisecond, so this is exact). */
export function millisecondsSql(interval: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(extract(epoch FROM ${interval}) * 1000)::bigint`;
}

/** Bucket → count. */
export type Histogram = Map<number, number>;

/** Adds a stored histogram (parallel arrays of buckets and counts) into `into`. */
export function addHistogram(into: Histogram, buckets: readonly number[] | null, counts: readonly number[] | null): void {
  if (!buckets || !counts) return;
  for (let i = 0; i < buckets.length; i++) {
    const bucket = buckets[i]!;
    into.set(bucket, (into.get(bucket) ?? 0) + Number(counts[i] ?? 0));
  }
}

export function histogramTotal(histogram: Histogram): number {
  let total = 0;
  for (const n of histogram.values()) total += n;
  return total;
}

/** The q-quantile in milliseconds, interpolated inside its bucket; null for an empty histogram. */
export function histogramQuantile(histogram: Histogram, q: number): number | null {
  const total = histogramTotal(histogram);
  if (total === 0) return null;
  const target = q * total;
  let seen = 0;
  for (const [bucket, n] of [...histogram.entries()].sort((a, b) => a[0] - b[0])) {
    if (n > 0 && seen + n >= target) {
      const lower = Math.exp(bucket / BUCKETS_PER_E) - 1;
      const upper = Math.exp((bucket + 1) / BUCKETS_PER_E) - 1;
      return lower + ((target - seen) / n) * (upper - lower);
    }
    seen += n;
  }
  return null;
}
