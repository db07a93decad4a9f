import "server-only";
import { db } from "../db";
import type { ReviewPriority } from "../engine/route-gate";

export interface PriorityQueueFigures {
  priority: ReviewPriority;
  /** Undecided items (pending or claimed). */
  waiting: number;
  claimed: number;
  senior: number;
  /** Past their SLA deadline. */
  breached: number;
  /** Not yet breached but past their at-risk moment (set per item from the gate's SLA policy). */
  atRisk: number;
  /** Four eyes: waiting for the second reviewer, or for a supervisor's tie-break. */
  secondReview: number;
  tieBreak: number;
  /** Moved up the escalation ladder after missing their SLA. */
  escalated: number;
  oldestCreatedAt: Date | null;
}

export interface DashboardOverview {
  generatedAt: Date;
  windowHours: number;
  queue: {
    byPriority: PriorityQueueFigures[];
    waiting: number;
    breached: number;
    atRisk: number;
    secondReview: number;
    tieBreak: number;
    escalated: number;
    oldestCreatedAt: Date | null;
  };
  decisionsLastHour: { total: number; approved: number; edited: number; rejected: number };
  /** Items decided in the window: how fast, and how many within their SLA. */
  decidedInWindow: { total: number; withinSla: number; medianTimeToDecisionMs: number | null };
  runs: {
    submitted: number;
    completed: number;
    failed: number;
    /** completed / (completed + failed) among runs that finished in the window; null when none did. */
    completionRate: number | null;
    /** created → completed of runs completed in the window. */
    avgLatencyMs: number | null;
    medianLatencyMs: number | null;
    p95LatencyMs: number | null;
    medianLatencyAutoMs: number | null;
    medianLatencyReviewedMs: number | null;
  };
  escalation: {
    /** Runs that reached a gate in the window (passed automatically or got a review item). */
    reachedGate: number;
    escalated: number;
    /** escalated / reachedGate; null when no run reached a gate. */
    rate: number | null;
  };
}

const PRIORITIES: ReviewPriority[] = ["urgent", "high", "normal", "low"];

/**
 * The supervisor dashboard's figures, each computed by one aggregate query in PostgreSQL: no
 * rows are loaded into the app, so the page costs the same with ten items or a million.
 */
export async function getDashboardOverview(input: { now?: Date; windowHours?: number } = {}): Promise<DashboardOverview> {
  const now = input.now ?? new Date();
  const windowHours = input.windowHours ?? 24;
  const since = new Date(now.getTime() - windowHours * 3_600_000);
  const hourAgo = new Date(now.getTime() - 3_600_000);

  const [queueRows, decisionRows, decidedRows, runRows, escalationRows] = await Promise.all([
    db.$queryRaw<
      {
        priority: ReviewPriority;
        waiting: number;
        claimed: number;
        senior: number;
        breached: number;
        at_risk: number;
        second_review: number;
        tie_break: number;
        escalated: number;
        oldest_created_at: Date | null;
      }[]
    >`
      SELECT priority::text AS priority,
             count(*)::int AS waiting,
             count(*) FILTER (WHERE status = 'claimed')::int AS claimed,
             count(*) FILTER (WHERE tier = 'senior')::int AS senior,
             count(*) FILTER (WHERE sla_due_at <= ${now}::timestamptz)::int AS breached,
             count(*) FILTER (WHERE sla_due_at > ${now}::timestamptz AND at_risk_at <= ${now}::timestamptz)::int AS at_risk,
             count(*) FILTER (WHERE stage = 'second_review')::int AS second_review,
             count(*) FILTER (WHERE stage = 'tie_break')::int AS tie_break,
             count(*) FILTER (WHERE escalation_level > 0)::int AS escalated,
             min(created_at) AS oldest_created_at
      FROM review_items
      WHERE status <> 'decided'
      GROUP BY priority`,
    db.$queryRaw<{ total: number; approved: number; edited: number; rejected: number }[]>`
      SELECT count(*)::int AS total,
             count(*) FILTER (WHERE action = 'approved')::int AS approved,
             count(*) FILTER (WHERE action = 'edited')::int AS edited,
             count(*) FILTER (WHERE action = 'rejected')::int AS rejected
      FROM review_decisions
      WHERE created_at > ${hourAgo}::timestamptz AND created_at <= ${now}::timestamptz`,
    db.$queryRaw<{ total: number; within_sla: number; median_ms: number | null }[]>`
      SELECT count(*)::int AS total,
             count(*) FILTER (WHERE decided_at <= sla_due_at)::int AS within_sla,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at))::float8 * 1000 AS median_ms
      FROM review_items
      WHERE status = 'decided' AND decided_at > ${since}::timestamptz AND decided_at <= ${now}::timestamptz`,
    db.$queryRaw<
      {
        submitted: number;
        completed: number;
        failed: number;
        avg_ms: number | null;
        median_ms: number | null;
        p95_ms: number | null;
        median_auto_ms: number | null;
        median_reviewed_ms: number | null;
      }[]
    >`
      WITH finished AS (
        SELECT r.status,
               extract(epoch FROM r.completed_at - r.created_at)::float8 * 1000 AS latency_ms,
               EXISTS (SELECT 1 FROM review_items i WHERE i.run_id = r.id) AS reviewed
        FROM runs r
        WHERE (r.status = 'completed' AND r.completed_at > ${since}::timestamptz AND r.completed_at <= ${now}::timestamptz)
           OR (r.status = 'failed' AND r.updated_at > ${since}::timestamptz AND r.updated_at <= ${now}::timestamptz)
      )
      SELECT (SELECT count(*)::int FROM runs WHERE created_at > ${since}::timestamptz AND created_at <= ${now}::timestamptz) AS submitted,
             count(*) FILTER (WHERE status = 'completed')::int AS completed,
             count(*) FILTER (WHERE status = 'failed')::int AS failed,
             avg(latency_ms) FILTER (WHERE status = 'completed') AS avg_ms,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status = 'completed') AS median_ms,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status = 'completed') AS p95_ms,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status = 'completed' AND NOT reviewed) AS median_auto_ms,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status = 'completed' AND reviewed) AS median_reviewed_ms
      FROM finished`,
    // A run reaches a gate either by passing it (a committed gate step) or by getting a review
    // item; a reviewed gate has both, so runs are counted once.
    db.$queryRaw<{ reached_gate: number; escalated: number }[]>`
      WITH gate_events AS (
        SELECT run_id, true AS escalated FROM review_items WHERE created_at > ${since}::timestamptz AND created_at <= ${now}::timestamptz
        UNION ALL
        SELECT run_id, false AS escalated FROM run_steps WHERE kind = 'gate' AND started_at > ${since}::timestamptz AND started_at <= ${now}::timestamptz
      )
      SELECT count(DISTINCT run_id)::int AS reached_gate,
             count(DISTINCT run_id) FILTER (WHERE escalated)::int AS escalated
      FROM gate_events`,
  ]);

  const byPriority = PRIORITIES.map((priority): PriorityQueueFigures => {
    const row = queueRows.find((r) => r.priority === priority);
    return {
      priority,
      waiting: row?.waiting ?? 0,
      claimed: row?.claimed ?? 0,
      senior: row?.senior ?? 0,
      breached: row?.breached ?? 0,
      atRisk: row?.at_risk ?? 0,
      secondReview: row?.second_review ?? 0,
      tieBreak: row?.tie_break ?? 0,
      escalated: row?.escalated ?? 0,
      oldestCreatedAt: row?.oldest_created_at ?? null,
    };
  });
  const oldest = byPriority.map((p) => p.oldestCreatedAt).filter((d): d is Date => d !== null);
  const decisions = decisionRows[0] ?? { total: 0, approved: 0, edited: 0, rejected: 0 };
  const decided = decidedRows[0];
  const runs = runRows[0];
  const escalation = escalationRows[0] ?? { reached_gate: 0, escalated: 0 };
  const completed = runs?.completed ?? 0;
  const failed = runs?.failed ?? 0;

  return {
    generatedAt: now,
    windowHours,
    queue: {
      byPriority,
      waiting: sum(byPriority.map((p) => p.waiting)),
      breached: sum(byPriority.map((p) => p.breached)),
      atRisk: sum(byPriority.map((p) => p.atRisk)),
      secondReview: sum(byPriority.map((p) => p.secondReview)),
      tieBreak: sum(byPriority.map((p) => p.tieBreak)),
      escalated: sum(byPriority.map((p) => p.escalated)),
      oldestCreatedAt: oldest.length > 0 ? new Date(Math.min(...oldest.map((d) => d.getTime()))) : null,
    },
    decisionsLastHour: decisions,
    decidedInWindow: { total: decided?.total ?? 0, withinSla: decided?.within_sla ?? 0, medianTimeToDecisionMs: num(decided?.median_ms) },
    runs: {
      submitted: runs?.submitted ?? 0,
      completed,
      failed,
      completionRate: completed + failed > 0 ? completed / (completed + failed) : null,
      avgLatencyMs: num(runs?.avg_ms),
      medianLatencyMs: num(runs?.median_ms),
      p95LatencyMs: num(runs?.p95_ms),
      medianLatencyAutoMs: num(runs?.median_auto_ms),
      medianLatencyReviewedMs: num(runs?.median_reviewed_ms),
    },
    escalation: {
      reachedGate: escalation.reached_gate,
      escalated: escalation.escalated,
      rate: escalation.reached_gate > 0 ? escalation.escalated / escalation.reached_gate : null,
    },
  };
}

function sum(values: number[]): number {
  return values.reduce((total, n) => total + n, 0);
}

// Aggregates of float8 come back as numbers; the conversion guards against numeric/Decimal drift.
function num(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}
