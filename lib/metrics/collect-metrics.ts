import { db, Prisma } from "../db";
import { histogramSamples, renderMetrics, type MetricFamily } from "./prometheus-text";

const PRIORITIES = ["urgent", "high", "normal", "low"] as const;
/** Step latency buckets, in seconds (Prometheus' base unit). */
export const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

/**
 * Every metric, aggregated in PostgreSQL at scrape time: gauges from the open-item partial
 * indexes, counters as totals over the tables (monotonic as long as rows are not deleted).
 */
export async function collectMetrics(now = new Date()): Promise<string> {
  const bucketColumns = Prisma.join(
    LATENCY_BUCKETS_SECONDS.map((b, i) => Prisma.sql`count(*) FILTER (WHERE latency_ms <= ${b * 1000})::int AS ${Prisma.raw(`le_${i}`)}`),
    ", ",
  );
  const [queue, breachesTotal, decisions, runs, latency] = await Promise.all([
    db.$queryRaw<{ priority: string; tier: string; depth: number; past_sla: number; at_risk: number; claimed: number; oldest_seconds: number | null }[]>`
      SELECT priority::text, tier::text, count(*)::int AS depth,
             count(*) FILTER (WHERE sla_due_at <= ${now})::int AS past_sla,
             count(*) FILTER (WHERE sla_due_at > ${now} AND at_risk_at <= ${now})::int AS at_risk,
             count(*) FILTER (WHERE status = 'claimed')::int AS claimed,
             extract(epoch FROM ${now}::timestamptz - min(created_at))::float8 AS oldest_seconds
      FROM review_items WHERE status <> 'decided' GROUP BY priority, tier`,
    db.$queryRaw<{ workflow_name: string; breaches: number }[]>`
      SELECT workflow_name, count(*)::int AS breaches FROM review_items WHERE breached_at IS NOT NULL GROUP BY workflow_name`,
    db.$queryRaw<{ action: string; decisions: number }[]>`
      SELECT action::text, count(*)::int AS decisions FROM review_decisions GROUP BY action`,
    db.$queryRaw<{ workflow_name: string; status: string; runs: number }[]>`
      SELECT workflow_name, status::text, count(*)::int AS runs FROM runs GROUP BY workflow_name, status`,
    db.$queryRaw<Record<string, number | string | null>[]>`
      SELECT step_id, COALESCE(model, 'none') AS model, count(*)::int AS count, COALESCE(sum(latency_ms), 0)::float8 AS sum_ms, ${bucketColumns}
      FROM step_attempts GROUP BY step_id, COALESCE(model, 'none')`,
  ]);

  const families: MetricFamily[] = [
    {
      name: "baton_review_queue_depth",
      help: "Undecided review items (pending or claimed), by priority and tier.",
      type: "gauge",
      samples: withAllPriorities(queue, (r) => r.depth),
    },
    {
      name: "baton_review_items_claimed",
      help: "Review items being worked on (claimed, lease not yet released), by priority and tier.",
      type: "gauge",
      samples: withAllPriorities(queue, (r) => r.claimed),
    },
    {
      name: "baton_review_items_past_sla",
      help: "Undecided review items past their SLA deadline, by priority and tier.",
      type: "gauge",
      samples: withAllPriorities(queue, (r) => r.past_sla),
    },
    {
      name: "baton_review_items_at_risk",
      help: "Undecided review items close to their SLA deadline (past their at-risk moment), by priority and tier.",
      type: "gauge",
      samples: withAllPriorities(queue, (r) => r.at_risk),
    },
    {
      name: "baton_review_oldest_item_age_seconds",
      help: "Age of the oldest undecided review item, by priority and tier.",
      type: "gauge",
      samples: queue.map((r) => ({ labels: { priority: r.priority, tier: r.tier }, value: Math.round(Number(r.oldest_seconds ?? 0)) })),
    },
    {
      name: "baton_review_sla_breaches_total",
      help: "Review items that missed their SLA deadline, by workflow.",
      type: "counter",
      samples: breachesTotal.map((r) => ({ labels: { workflow: r.workflow_name }, value: r.breaches })),
    },
    {
      name: "baton_review_decisions_total",
      help: "Reviewer decisions recorded, by action.",
      type: "counter",
      samples: ["approved", "edited", "rejected"].map((action) => ({ labels: { action }, value: decisions.find((d) => d.action === action)?.decisions ?? 0 })),
    },
    {
      name: "baton_runs_finished_total",
      help: "Workflow runs that finished, by workflow and outcome (completed or failed).",
      type: "counter",
      samples: runs.filter((r) => r.status === "completed" || r.status === "failed").map((r) => ({ labels: { workflow: r.workflow_name, status: r.status }, value: r.runs })),
    },
    {
      name: "baton_runs_in_progress",
      help: "Workflow runs not finished yet, by workflow and status.",
      type: "gauge",
      samples: runs.filter((r) => r.status !== "completed" && r.status !== "failed").map((r) => ({ labels: { workflow: r.workflow_name, status: r.status }, value: r.runs })),
    },
    {
      name: "baton_step_attempt_duration_seconds",
      help: "Latency of step attempts (every retry and failover is one), by step and model.",
      type: "histogram",
      samples: latency.flatMap((r) =>
        histogramSamples(
          { step: String(r.step_id), model: String(r.model) },
          LATENCY_BUCKETS_SECONDS,
          // The SQL counts are cumulative already; turn them into per-bucket counts.
          LATENCY_BUCKETS_SECONDS.map((_, i) => Number(r[`le_${i}`]) - (i > 0 ? Number(r[`le_${i - 1}`]) : 0)),
          Number(r.sum_ms) / 1000,
          Number(r.count),
        ),
      ),
    },
  ];
  return renderMetrics(families);
}

/** Every priority appears (0 when empty), so dashboards show a flat line rather than a gap. */
function withAllPriorities<R extends { priority: string; tier: string }>(rows: R[], value: (row: R) => number) {
  const tiers = [...new Set(["standard", ...rows.map((r) => r.tier)])];
  return PRIORITIES.flatMap((priority) =>
    tiers.map((tier) => {
      const row = rows.find((r) => r.priority === priority && r.tier === tier);
      return { labels: { priority, tier }, value: row ? value(row) : 0 };
    }),
  );
}
