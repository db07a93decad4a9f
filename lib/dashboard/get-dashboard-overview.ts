import { db, Prisma } from "../db";
import type { ReviewPriority, ReviewTier } from "../engine/route-gate";
import { dashboardWindows, type DashboardWindowKey } from "./dashboard-window";
import { addHistogram, histogramQuantile, type Histogram } from "./histogram";
import { planWindow } from "./plan-window";
import { readRollupState } from "./roll-up-dashboard";
import type { Period } from "./rollup-periods";
import {
  PERIOD_FACTS,
  REVIEWER_FACTS,
  periodFactsSql,
  readableColumnsSql,
  reviewerFactsSql,
  type PeriodFactsRow,
  type ReviewerFactsRow,
} from "./window-facts";

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
  /** Over all the reviewer's decisions in the window that have a handling time (log-bucket histogram: within 5%). */
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
  /** Items whose final decision fell in the window: how fast (medians from log-bucket histograms: within 5%), and how many within their SLA. */
  decidedInWindow: { total: number; withinSla: number; medianTimeToDecisionMs: number | null; medianHandlingMs: number | null };
  runs: {
    submitted: number;
    completed: number;
    failed: number;
    /** completed / (completed + failed) among runs that finished in the window; null when none did. */
    completionRate: number | null;
    /** created → completed of runs completed in the window (the median and p95 from a log-bucket histogram: within 5%). */
    avgLatencyMs: number | null;
    medianLatencyMs: number | null;
    p95LatencyMs: number | null;
  };
  escalation: {
    /** Runs submitted in the window. */
    submitted: number;
    /**
     * Runs that went to a reviewer in the window, each counted once, when its first review item was
     * created (audit samples excluded: those passed automatically).
     */
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
 * The supervisor dashboard's figures, all aggregated in PostgreSQL: no item rows reach the app.
 *
 * The queue (open items) is a snapshot, one pass over the partial indexes on undecided items.
 * The window figures (decisions, runs, escalations, their charts) are sums over time: whole hours
 * already rolled up by the maintenance job are read from dashboard_rollups (plan-window.ts), the
 * rest — the window's partial hours and anything after the roll-up's watermark — is computed from
 * the source tables with the same SQL the job uses (window-facts.ts). So the 7-day window reads a
 * few hundred rows plus at most a couple of hours of facts, and the figures are as exact and as
 * current as a query over everything (npm run bench:dashboard).
 */
export async function getDashboardOverview(
  input: {
    now?: Date;
    window?: DashboardWindowKey;
    workflow?: string | null;
    workflowNames?: string[];
    /** false: compute every figure from the source tables (to check the roll-up against). */
    useRollup?: boolean;
  } = {},
): Promise<DashboardOverview> {
  const now = input.now ?? new Date();
  const windowKey = input.window ?? "24h";
  const { hours, bucketSeconds } = dashboardWindows[windowKey];
  // Buckets are aligned to whole intervals so that points stay put between refreshes.
  const end = new Date(Math.ceil(now.getTime() / (bucketSeconds * 1000)) * bucketSeconds * 1000);
  const since = new Date(now.getTime() - hours * 3_600_000);
  const origin = new Date(end.getTime() - Math.ceil((hours * 3600) / bucketSeconds) * bucketSeconds * 1000);
  const workflow = input.workflow ?? null;
  const onWorkflow = (column: string) => (workflow ? Prisma.sql`AND ${Prisma.raw(column)} = ${workflow}` : Prisma.empty);
  // runs(workflow_name, created_at) serves "runs created since" only with the workflow named: name them all.
  const [runWorkflows, rolled] = await Promise.all([
    workflow ? [workflow] : (input.workflowNames ?? distinctWorkflows()),
    input.useRollup === false ? null : readRollupState(),
  ]);
  const plan = planWindow({ since, now, bucketSeconds, rolled });
  const bins = { seconds: bucketSeconds, origin };

  const [queueRows, liveFacts, liveReviewers, rolledFacts, rolledReviewers] = await Promise.all([
    // One pass over the undecided items (an index-only scan of their partial index, which carries
    // every column used here), grouped by workflow, priority, tier and age in buckets 5% wide: the
    // counts and an age histogram in a hash aggregate, where exact percentiles would sort every
    // open item. Grouped by the enums themselves (cast only for output: hashing the text costs a
    // third of the query). At most a few thousand groups come back.
    withQuerySettings(
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
        GROUP BY workflow_name, review_items.priority, review_items.tier, age_bucket`,
    ),
    plan.live.length > 0
      ? withQuerySettings(
          db.$queryRaw<PeriodFactsRow[]>`
            SELECT ${readableColumnsSql(PERIOD_FACTS, "f")}
            FROM (${periodFactsSql({ ranges: plan.live, bins, workflow, submittedWorkflows: runWorkflows })}) AS f`,
        )
      : Promise.resolve([]),
    plan.live.length > 0
      ? withQuerySettings(
          db.$queryRaw<NamedReviewerRow[]>`
            SELECT ${readableColumnsSql(REVIEWER_FACTS, "f")}, u.name
            FROM (${reviewerFactsSql({ ranges: plan.live, bins, workflow })}) AS f JOIN users u ON u.id = f.reviewer_id`,
        )
      : Promise.resolve([]),
    plan.periods.length > 0
      ? db.$queryRaw<PeriodFactsRow[]>`
          SELECT ${readableColumnsSql(PERIOD_FACTS, "p")}
          FROM (SELECT period_start AS t, * FROM dashboard_rollups) AS p
          JOIN ${periodsSql(plan.periods)} ON p.grain_hours = q.grain_hours AND p.period_start = q.period_start
          WHERE TRUE ${onWorkflow("p.workflow_name")}`
      : Promise.resolve([]),
    plan.reviewerPeriods.length > 0
      ? db.$queryRaw<NamedReviewerRow[]>`
          SELECT ${readableColumnsSql(REVIEWER_FACTS, "p")}, u.name
          FROM (SELECT period_start AS t, * FROM dashboard_reviewer_rollups) AS p
          JOIN ${periodsSql(plan.reviewerPeriods)} ON p.grain_hours = q.grain_hours AND p.period_start = q.period_start
          JOIN users u ON u.id = p.reviewer_id
          WHERE TRUE ${onWorkflow("p.workflow_name")}`
      : Promise.resolve([]),
  ]);

  return assemble({
    now,
    windowKey,
    hours,
    bucketSeconds,
    origin,
    end,
    workflow,
    queueRows,
    // Submitted runs are counted for the named workflows only, rolled up or not (see runWorkflows).
    factRows: [...liveFacts, ...rolledFacts.map((row) => (runWorkflows.includes(row.workflow_name) ? row : { ...row, submitted: 0 }))],
    reviewerRows: [...liveReviewers, ...rolledReviewers],
  });
}

type NamedReviewerRow = ReviewerFactsRow & { name: string };

function periodsSql(periods: Period[]): Prisma.Sql {
  return Prisma.sql`unnest(${periods.map((p) => p.grainHours)}::int[], ${periods.map((p) => new Date(p.start).toISOString())}::timestamptz[]) AS q(grain_hours, period_start)`;
}

/**
 * Runs one dashboard query with more sort and hash memory than PostgreSQL's default 4 MB, which
 * would spill a large backlog's aggregation to disk, and without JIT compilation, which costs
 * more than it saves on a query planned afresh at every refresh. SET LOCAL ends with the transaction.
 */
async function withQuerySettings<T>(query: Prisma.PrismaPromise<T>): Promise<T> {
  const [, , rows] = await db.$transaction([db.$executeRaw`SET LOCAL work_mem = '32MB'`, db.$executeRaw`SET LOCAL jit = off`, query]);
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
  factRows: PeriodFactsRow[];
  reviewerRows: NamedReviewerRow[];
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

  // Window figures: rolled-up periods and live bins alike land in the chart bucket they start in.
  const bucketMs = x.bucketSeconds * 1000;
  const points = Math.round((x.end.getTime() - x.origin.getTime()) / bucketMs);
  const buckets = Array.from({ length: points }, () => ({ ...EMPTY_FACTS }));
  const total = { ...EMPTY_FACTS };
  const wait: Histogram = new Map();
  const handling: Histogram = new Map();
  const latency: Histogram = new Map();
  for (const row of x.factRows) {
    const index = Math.floor((row.t.getTime() - x.origin.getTime()) / bucketMs);
    for (const facts of index >= 0 && index < points ? [buckets[index]!, total] : [total]) {
      for (const key of FACT_KEYS) facts[key] += Number(row[key]);
    }
    addHistogram(wait, row.wait_buckets, row.wait_counts);
    addHistogram(handling, row.handling_buckets, row.handling_counts);
    addHistogram(latency, row.latency_buckets, row.latency_counts);
  }
  const series: SeriesPoint[] = buckets.map((b, i) => ({
    t: x.origin.getTime() + i * bucketMs,
    completed: b.completed,
    failed: b.failed,
    completionRate: b.completed + b.failed > 0 ? b.completed / (b.completed + b.failed) : null,
    avgLatencyMs: b.latency_count > 0 ? b.latency_sum_ms / b.latency_count : null,
    submitted: b.submitted,
    escalated: b.escalated,
    escalationRate: b.submitted > 0 ? Math.min(1, b.escalated / b.submitted) : null,
    decided: b.decided,
    slaAttainment: b.decided > 0 ? b.decided_within_sla / b.decided : null,
  }));

  const reviewers = new Map<string, ReviewerFigures & { handling: Histogram }>();
  for (const row of x.reviewerRows) {
    let figures = reviewers.get(row.reviewer_id);
    if (!figures) {
      figures = { id: row.reviewer_id, name: row.name, decisions: 0, perHour: 0, approved: 0, edited: 0, rejected: 0, medianHandlingMs: null, handling: new Map() };
      reviewers.set(row.reviewer_id, figures);
    }
    figures.approved += row.approved;
    figures.edited += row.edited;
    figures.rejected += row.rejected;
    figures.decisions += row.approved + row.edited + row.rejected;
    addHistogram(figures.handling, row.handling_buckets, row.handling_counts);
  }
  const byReviewer = [...reviewers.values()]
    .map(({ handling: reviewerHandling, ...r }) => ({ ...r, perHour: r.decisions / x.hours, medianHandlingMs: histogramQuantile(reviewerHandling, 0.5) }))
    .sort((a, b) => b.decisions - a.decisions || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));

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
      total: total.decided,
      withinSla: total.decided_within_sla,
      medianTimeToDecisionMs: histogramQuantile(wait, 0.5),
      medianHandlingMs: histogramQuantile(handling, 0.5),
    },
    runs: {
      submitted: total.submitted,
      completed: total.completed,
      failed: total.failed,
      completionRate: total.completed + total.failed > 0 ? total.completed / (total.completed + total.failed) : null,
      avgLatencyMs: total.latency_count > 0 ? total.latency_sum_ms / total.latency_count : null,
      medianLatencyMs: histogramQuantile(latency, 0.5),
      p95LatencyMs: histogramQuantile(latency, 0.95),
    },
    escalation: {
      submitted: total.submitted,
      escalated: total.escalated,
      rate: total.submitted > 0 ? Math.min(1, total.escalated / total.submitted) : null,
    },
    series,
  };
}

const FACT_KEYS = ["decided", "decided_within_sla", "completed", "failed", "latency_count", "latency_sum_ms", "submitted", "escalated"] as const;
const EMPTY_FACTS: Record<(typeof FACT_KEYS)[number], number> = Object.fromEntries(FACT_KEYS.map((key) => [key, 0])) as Record<(typeof FACT_KEYS)[number], number>;

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
