import { db, Prisma } from "../db";
import type { ReviewPriority, ReviewTier } from "../engine/route-gate";
import { dashboardWindows, type DashboardWindowKey } from "./dashboard-window";

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
  /** Audit samples of automatic outputs (labels for calibration; no run waits on them). */
  audit: number;
  oldestCreatedAt: Date | null;
  age: AgePercentiles;
}

export interface AgePercentiles {
  p50Ms: number | null;
  p90Ms: number | null;
  maxMs: number | null;
}

export interface ReviewerFigures {
  id: string;
  name: string;
  decisions: number;
  perHour: number;
  approved: number;
  edited: number;
  rejected: number;
  medianHandlingMs: number | null;
}

export interface SeriesPoint {
  /** Start of the interval, epoch milliseconds. */
  t: number;
  completed: number;
  failed: number;
  completionRate: number | null;
  avgLatencyMs: number | null;
  submitted: number;
  escalated: number;
  escalationRate: number | null;
  decided: number;
  slaAttainment: number | null;
}

export interface DashboardOverview {
  generatedAt: Date;
  window: DashboardWindowKey;
  windowHours: number;
  bucketSeconds: number;
  workflow: string | null;
  queue: {
    byPriority: PriorityQueueFigures[];
    byTier: { tier: ReviewTier; waiting: number; breached: number; atRisk: number }[];
    byWorkflow: { workflow: string; waiting: number; breached: number; atRisk: number }[];
    waiting: number;
    claimed: number;
    breached: number;
    atRisk: number;
    secondReview: number;
    tieBreak: number;
    escalated: number;
    audit: number;
    oldestCreatedAt: Date | null;
    age: AgePercentiles;
  };
  /** Reviewer decisions recorded in the window. */
  decisions: { total: number; approved: number; edited: number; rejected: number; byReviewer: ReviewerFigures[] };
  /** Items whose final decision fell in the window: how fast, and how many within their SLA. */
  decidedInWindow: { total: number; withinSla: number; medianTimeToDecisionMs: number | null; medianHandlingMs: number | null };
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
  };
  escalation: {
    /** Runs submitted in the window. */
    submitted: number;
    /** Of those, runs that went to a reviewer (audit samples excluded: those passed automatically). */
    escalated: number;
    /** escalated / submitted; null when nothing was submitted. */
    rate: number | null;
  };
  series: SeriesPoint[];
}

interface QueueRow {
  workflow_name: string;
  priority: ReviewPriority;
  tier: ReviewTier;
  age_bucket: number;
  waiting: number;
  claimed: number;
  breached: number;
  at_risk: number;
  second_review: number;
  tie_break: number;
  escalated: number;
  audit: number;
  oldest_created_at: Date | null;
}

const PRIORITIES: ReviewPriority[] = ["urgent", "high", "normal", "low"];
/** Age histogram resolution: bucket b holds ages in [e^(b/k) − 1, e^((b+1)/k) − 1) seconds, about 5% wide. */
const AGE_BUCKETS_PER_E = 20;
const TIERS: ReviewTier[] = ["standard", "senior", "supervisor"];

/**
 * The supervisor dashboard's figures. Every figure is an aggregate computed in PostgreSQL and
 * every query starts from an index: open items from the partial indexes on undecided items,
 * decided items from decided_at, runs from (status, updated_at) and (workflow, created_at), and
 * their review item or gate step by the (run, step) unique indexes. No item rows reach the app,
 * so the page costs about the same with ten items or a million (npm run bench:dashboard).
 */
export async function getDashboardOverview(
  input: { now?: Date; window?: DashboardWindowKey; workflow?: string | null; workflowNames?: string[] } = {},
): Promise<DashboardOverview> {
  const now = input.now ?? new Date();
  const windowKey = input.window ?? "24h";
  const { hours, bucketSeconds } = dashboardWindows[windowKey];
  // Buckets are aligned to whole intervals so that points stay put between refreshes.
  const end = new Date(Math.ceil(now.getTime() / (bucketSeconds * 1000)) * bucketSeconds * 1000);
  const since = new Date(now.getTime() - hours * 3_600_000);
  const origin = new Date(end.getTime() - Math.ceil((hours * 3600) / bucketSeconds) * bucketSeconds * 1000);
  const workflow = input.workflow ?? null;
  const bucket = Prisma.sql`make_interval(secs => ${bucketSeconds})`;
  const onWorkflow = (column: string) => (workflow ? Prisma.sql`AND ${Prisma.raw(column)} = ${workflow}` : Prisma.empty);
  // runs(workflow_name, created_at) serves "runs created since" only with the workflow named: name them all.
  const runWorkflows = workflow ? [workflow] : (input.workflowNames ?? (await distinctWorkflows()));

  const [queueRows, decidedRows, reviewerRows, finishedRows, gateRows] = await Promise.all([
    // One pass over the undecided items (partial index), grouped by workflow, priority, tier and
    // age in buckets 5% wide: the counts and an age histogram in a hash aggregate, where exact
    // percentiles would sort every open item. At most a few thousand groups come back.
    withWorkMem(
      db.$queryRaw<QueueRow[]>`
        SELECT workflow_name, priority::text AS priority, tier::text AS tier,
               floor(ln(greatest(date_part('epoch', ${now}::timestamptz - created_at), 0) + 1) * ${AGE_BUCKETS_PER_E})::int AS age_bucket,
               count(*)::int AS waiting,
               count(*) FILTER (WHERE status = 'claimed')::int AS claimed,
               count(*) FILTER (WHERE sla_due_at <= ${now})::int AS breached,
               count(*) FILTER (WHERE sla_due_at > ${now} AND at_risk_at <= ${now})::int AS at_risk,
               count(*) FILTER (WHERE stage = 'second_review')::int AS second_review,
               count(*) FILTER (WHERE stage = 'tie_break')::int AS tie_break,
               count(*) FILTER (WHERE escalation_level > 0)::int AS escalated,
               count(*) FILTER (WHERE is_audit)::int AS audit,
               min(created_at) AS oldest_created_at
        FROM review_items
        WHERE status <> 'decided' ${onWorkflow("workflow_name")}
        GROUP BY 1, 2, 3, 4`,
    ),
    // Items decided in the window (decided_at index): counts per interval, medians over the whole
    // window only (one sort, not one per interval).
    withWorkMem(
      db.$queryRaw<{ t: Date | null; total: number; within_sla: number; median_wait_ms: number | null; median_handling_ms: number | null }[]>`
      WITH decided AS MATERIALIZED (
        SELECT decided_at, sla_due_at, created_at, claimed_at FROM review_items
        WHERE decided_at > ${since} AND decided_at <= ${now} ${onWorkflow("workflow_name")}
      )
      SELECT date_bin(${bucket}, decided_at, ${origin}) AS t, count(*)::int AS total,
             count(*) FILTER (WHERE decided_at <= sla_due_at)::int AS within_sla, NULL::float8 AS median_wait_ms, NULL::float8 AS median_handling_ms
      FROM decided GROUP BY 1
      UNION ALL
      SELECT NULL, count(*)::int, count(*) FILTER (WHERE decided_at <= sla_due_at)::int,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY date_part('epoch', decided_at - created_at)) * 1000,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY date_part('epoch', decided_at - claimed_at)) * 1000
      FROM decided`,
    ),
    // Decisions in the window. An item that needs one approval carries its only decision (who,
    // what, when), so only four-eyes items — decided in the window, or still waiting for their
    // second review or tie-break — are joined to their decisions.
    withWorkMem(
      db.$queryRaw<{ reviewer_id: string; name: string; action: string; decisions: number; median_handling_ms: number | null }[]>`
      WITH single AS (
        SELECT decided_by_id AS reviewer_id, decision::text AS action,
               CASE WHEN claimed_by_id = decided_by_id THEN date_part('epoch', decided_at - claimed_at) END AS handling_s
        FROM review_items
        WHERE decided_at > ${since} AND decided_at <= ${now} AND required_approvals = 1 ${onWorkflow("workflow_name")}
      ), four_eyes AS (
        SELECT id, claimed_by_id, claimed_at FROM review_items
        WHERE decided_at > ${since} AND decided_at <= ${now} AND required_approvals > 1 ${onWorkflow("workflow_name")}
        UNION ALL
        SELECT id, claimed_by_id, claimed_at FROM review_items WHERE status <> 'decided' AND stage <> 'first_review' ${onWorkflow("workflow_name")}
      ), all_decisions AS (
        SELECT * FROM single
        UNION ALL
        SELECT d.reviewer_id, d.action::text,
               CASE WHEN i.claimed_by_id = d.reviewer_id AND i.claimed_at <= d.created_at THEN date_part('epoch', d.created_at - i.claimed_at) END
        FROM four_eyes i JOIN review_decisions d ON d.item_id = i.id
        WHERE d.created_at > ${since} AND d.created_at <= ${now}
      )
      SELECT a.reviewer_id, u.name, a.action, count(*)::int AS decisions,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY a.handling_s) * 1000 AS median_handling_ms
      FROM all_decisions a JOIN users u ON u.id = a.reviewer_id
      GROUP BY a.reviewer_id, u.name, a.action`,
    ),
    // updated_at is stamped when a run finishes, so (status, updated_at) finds the window's finished runs.
    withWorkMem(
      db.$queryRaw<{ t: Date | null; completed: number; failed: number; avg_ms: number | null; median_ms: number | null; p95_ms: number | null }[]>`
      WITH finished AS (
        SELECT status, COALESCE(completed_at, updated_at) AS finished_at,
               extract(epoch FROM completed_at - created_at)::float8 * 1000 AS latency_ms
        FROM runs
        WHERE status IN ('completed', 'failed') AND updated_at > ${since}
          AND COALESCE(completed_at, updated_at) > ${since} AND COALESCE(completed_at, updated_at) <= ${now} ${onWorkflow("workflow_name")}
      )
      SELECT date_bin(${bucket}, finished_at, ${origin}) AS t,
             count(*) FILTER (WHERE status = 'completed')::int AS completed,
             count(*) FILTER (WHERE status = 'failed')::int AS failed,
             avg(latency_ms) FILTER (WHERE status = 'completed') AS avg_ms,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status = 'completed') AS median_ms,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE status = 'completed') AS p95_ms
      FROM finished
      GROUP BY GROUPING SETS ((1), ())`,
    ),
    // Escalation: runs submitted in the window (runs (workflow, created_at) index) and, of those,
    // runs that went to a reviewer, found from their review items: undecided ones by the partial
    // index, decided ones by decided_at (an item decided in the window was created before its
    // decision). Audit samples passed automatically, so they are not escalations.
    db.$queryRaw<{ t: Date | null; submitted: number; escalated: number }[]>`
      WITH submitted AS (
        SELECT date_bin(${bucket}, created_at, ${origin}) AS t, count(*)::int AS n
        FROM runs WHERE workflow_name = ANY(${runWorkflows}) AND created_at > ${since} AND created_at <= ${now}
        GROUP BY 1
      ), reviewed AS (
        SELECT run_id, created_at FROM review_items
        WHERE status <> 'decided' AND NOT is_audit AND created_at > ${since} AND created_at <= ${now} ${onWorkflow("workflow_name")}
        UNION ALL
        SELECT run_id, created_at FROM review_items
        WHERE decided_at > ${since} AND NOT is_audit AND created_at > ${since} AND created_at <= ${now} ${onWorkflow("workflow_name")}
      ), escalated AS (
        SELECT date_bin(${bucket}, created_at, ${origin}) AS t, count(DISTINCT run_id)::int AS n FROM reviewed GROUP BY 1
      )
      SELECT COALESCE(s.t, e.t) AS t, COALESCE(s.n, 0) AS submitted, COALESCE(e.n, 0) AS escalated
      FROM submitted s FULL JOIN escalated e ON e.t = s.t`,
  ]);

  return assemble({ now, windowKey, hours, bucketSeconds, origin, end, workflow, queueRows, decidedRows, reviewerRows, finishedRows, gateRows });
}

/**
 * Runs one dashboard query with more sort and hash memory than PostgreSQL's default 4 MB, which
 * would spill a large backlog's aggregation to disk. SET LOCAL ends with the transaction.
 */
async function withWorkMem<T>(query: Prisma.PrismaPromise<T>): Promise<T> {
  const [, rows] = await db.$transaction([db.$executeRaw`SET LOCAL work_mem = '32MB'`, query]);
  return rows;
}

async function distinctWorkflows(): Promise<string[]> {
  const { workflowRegistry } = await import("../workflows");
  return [...new Set(workflowRegistry.list().map((d) => d.name))];
}

function assemble(x: {
  now: Date;
  windowKey: DashboardWindowKey;
  hours: number;
  bucketSeconds: number;
  origin: Date;
  end: Date;
  workflow: string | null;
  queueRows: QueueRow[];
  decidedRows: { t: Date | null; total: number; within_sla: number; median_wait_ms: number | null; median_handling_ms: number | null }[];
  reviewerRows: { reviewer_id: string; name: string; action: string; decisions: number; median_handling_ms: number | null }[];
  finishedRows: { t: Date | null; completed: number; failed: number; avg_ms: number | null; median_ms: number | null; p95_ms: number | null }[];
  gateRows: { t: Date | null; submitted: number; escalated: number }[];
}): DashboardOverview {
  const counts = x.queueRows;
  const histogram = x.queueRows;
  const ageOf = (rows: { age_bucket: number; waiting: number }[], oldest: Date | null): AgePercentiles => ({
    p50Ms: ageQuantile(rows, 0.5),
    p90Ms: ageQuantile(rows, 0.9),
    maxMs: oldest ? Math.max(0, x.now.getTime() - oldest.getTime()) : null,
  });
  const byPriority = PRIORITIES.map((priority): PriorityQueueFigures => {
    const rows = counts.filter((r) => r.priority === priority);
    const oldest = minDate(rows.map((r) => r.oldest_created_at));
    return {
      priority,
      waiting: sumOf(rows, "waiting"),
      claimed: sumOf(rows, "claimed"),
      senior: sumOf(rows.filter((r) => r.tier === "senior"), "waiting"),
      breached: sumOf(rows, "breached"),
      atRisk: sumOf(rows, "at_risk"),
      secondReview: sumOf(rows, "second_review"),
      tieBreak: sumOf(rows, "tie_break"),
      escalated: sumOf(rows, "escalated"),
      audit: sumOf(rows, "audit"),
      oldestCreatedAt: oldest,
      age: ageOf(
        histogram.filter((r) => r.priority === priority),
        oldest,
      ),
    };
  });
  const byTier = TIERS.map((tier) => {
    const rows = counts.filter((r) => r.tier === tier);
    return { tier, waiting: sumOf(rows, "waiting"), breached: sumOf(rows, "breached"), atRisk: sumOf(rows, "at_risk") };
  });
  const workflows = [...new Set(counts.map((r) => r.workflow_name))].sort();
  const byWorkflow = workflows.map((workflow) => {
    const rows = counts.filter((r) => r.workflow_name === workflow);
    return { workflow, waiting: sumOf(rows, "waiting"), breached: sumOf(rows, "breached"), atRisk: sumOf(rows, "at_risk") };
  });

  const reviewers = new Map<string, ReviewerFigures>();
  for (const row of x.reviewerRows) {
    const figures = reviewers.get(row.reviewer_id) ?? { id: row.reviewer_id, name: row.name, decisions: 0, perHour: 0, approved: 0, edited: 0, rejected: 0, medianHandlingMs: null };
    figures.decisions += row.decisions;
    if (row.action === "approved" || row.action === "edited" || row.action === "rejected") figures[row.action] += row.decisions;
    // The median over all of a reviewer's actions is not the median of medians; the largest group's is close enough to show.
    if (row.median_handling_ms !== null && (figures.medianHandlingMs === null || row.decisions >= figures.decisions - row.decisions)) figures.medianHandlingMs = num(row.median_handling_ms);
    reviewers.set(row.reviewer_id, figures);
  }
  const byReviewer = [...reviewers.values()].map((r) => ({ ...r, perHour: r.decisions / x.hours })).sort((a, b) => b.decisions - a.decisions);

  const decidedTotal = x.decidedRows.find((r) => r.t === null);
  const finishedTotal = x.finishedRows.find((r) => r.t === null);
  const submittedTotal = sumOf(x.gateRows, "submitted");
  const escalatedTotal = sumOf(x.gateRows, "escalated");
  const completed = finishedTotal?.completed ?? 0;
  const failed = finishedTotal?.failed ?? 0;

  const series: SeriesPoint[] = [];
  for (let t = x.origin.getTime(); t < x.end.getTime(); t += x.bucketSeconds * 1000) {
    const finished = x.finishedRows.find((r) => r.t?.getTime() === t);
    const gate = x.gateRows.find((r) => r.t?.getTime() === t);
    const submitted = gate?.submitted ?? 0;
    const decided = x.decidedRows.find((r) => r.t?.getTime() === t);
    const c = finished?.completed ?? 0;
    const f = finished?.failed ?? 0;
    series.push({
      t,
      completed: c,
      failed: f,
      completionRate: c + f > 0 ? c / (c + f) : null,
      avgLatencyMs: num(finished?.avg_ms),
      submitted,
      escalated: gate?.escalated ?? 0,
      escalationRate: submitted > 0 ? Math.min(1, (gate?.escalated ?? 0) / submitted) : null,
      decided: decided?.total ?? 0,
      slaAttainment: decided && decided.total > 0 ? decided.within_sla / decided.total : null,
    });
  }

  return {
    generatedAt: x.now,
    window: x.windowKey,
    windowHours: x.hours,
    bucketSeconds: x.bucketSeconds,
    workflow: x.workflow,
    queue: {
      byPriority,
      byTier,
      byWorkflow,
      waiting: sumOf(byPriority, "waiting"),
      claimed: sumOf(byPriority, "claimed"),
      breached: sumOf(byPriority, "breached"),
      atRisk: sumOf(byPriority, "atRisk"),
      secondReview: sumOf(byPriority, "secondReview"),
      tieBreak: sumOf(byPriority, "tieBreak"),
      escalated: sumOf(byPriority, "escalated"),
      audit: sumOf(byPriority, "audit"),
      oldestCreatedAt: minDate(byPriority.map((p) => p.oldestCreatedAt)),
      age: ageOf(histogram, minDate(byPriority.map((p) => p.oldestCreatedAt))),
    },
    decisions: {
      total: sumOf(byReviewer, "decisions"),
      approved: sumOf(byReviewer, "approved"),
      edited: sumOf(byReviewer, "edited"),
      rejected: sumOf(byReviewer, "rejected"),
      byReviewer,
    },
    decidedInWindow: {
      total: decidedTotal?.total ?? 0,
      withinSla: decidedTotal?.within_sla ?? 0,
      medianTimeToDecisionMs: num(decidedTotal?.median_wait_ms),
      medianHandlingMs: num(decidedTotal?.median_handling_ms),
    },
    runs: {
      submitted: submittedTotal,
      completed,
      failed,
      completionRate: completed + failed > 0 ? completed / (completed + failed) : null,
      avgLatencyMs: num(finishedTotal?.avg_ms),
      medianLatencyMs: num(finishedTotal?.median_ms),
      p95LatencyMs: num(finishedTotal?.p95_ms),
    },
    escalation: {
      submitted: submittedTotal,
      escalated: escalatedTotal,
      rate: submittedTotal > 0 ? Math.min(1, escalatedTotal / submittedTotal) : null,
    },
    series,
  };
}

/** A quantile of age (ms) from the log-bucket histogram, interpolated inside its bucket. */
function ageQuantile(rows: { age_bucket: number; waiting: number }[], q: number): number | null {
  const buckets = new Map<number, number>();
  for (const row of rows) buckets.set(row.age_bucket, (buckets.get(row.age_bucket) ?? 0) + row.waiting);
  const total = [...buckets.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const target = q * total;
  let seen = 0;
  for (const [bucket, n] of [...buckets.entries()].sort((a, b) => a[0] - b[0])) {
    if (seen + n >= target) {
      const lower = Math.exp(bucket / AGE_BUCKETS_PER_E) - 1;
      const upper = Math.exp((bucket + 1) / AGE_BUCKETS_PER_E) - 1;
      return (lower + ((target - seen) / n) * (upper - lower)) * 1000;
    }
    seen += n;
  }
  return null;
}

function sumOf<T, K extends keyof T>(rows: T[], key: K): number {
  return rows.reduce((total, row) => total + Number(row[key] ?? 0), 0);
}

function minDate(dates: (Date | null)[]): Date | null {
  const present = dates.filter((d): d is Date => d !== null);
  return present.length > 0 ? new Date(Math.min(...present.map((d) => d.getTime()))) : null;
}

// Aggregates of float8 come back as numbers; the conversion guards against numeric/Decimal drift.
function num(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}
