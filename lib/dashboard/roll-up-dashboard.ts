import { db, Prisma, type Tx } from "../db";
import { HOUR_MS, ROLLUP_GRAIN_HOURS, floorHour } from "./rollup-periods";
import {
  PERIOD_FACTS,
  REVIEWER_FACTS,
  histogramColumnsSql,
  histogramsSql,
  periodFactsSql,
  reviewerFactsSql,
  type FactsShape,
} from "./window-facts";

// The maintenance job roll-up-dashboard: sums the dashboard's window figures per hour (and per
// 6 and 24 hours) into dashboard_rollups and dashboard_reviewer_rollups, so that the 7-day
// window reads a few hundred rows instead of a quarter of a million items and runs.
//
// It only ever recomputes whole hours from the source tables (window-facts.ts, the same SQL the
// dashboard uses for what is not rolled up) and writes them with an upsert that leaves equal rows
// alone and deletes rows whose facts are gone. So a pass can run any number of times, twice at
// once, or after a crash or a restart of Redis or PostgreSQL: the result is the same. What it
// has rolled up is recorded in dashboard_rollup_state as one range of hours [rolled_from,
// rolled_to) — the watermark is rolled_to — in the same transaction as the rows.
//
// Facts that can land in an hour after it closed, and what the job does about them:
//  - A transaction commits a moment after the time it stamped (decided_at and an item's
//    created_at come from the application's clock, other stamps from the transaction's start):
//    an hour is first rolled up ROLLUP_GRACE_MS after it closed, and recomputed by every pass
//    until ROLLUP_SETTLE_MS after it closed.
//  - A failed run's finish time is its updated_at (failed runs have no completed_at), which the
//    reconciler's touch can move if it races the run's failure: that happens within moments of
//    the failure, so before the hour settles.
//  - A run counts as escalated in the hour it was submitted once its review item exists: the gate
//    comes seconds after submission, so before the hour settles, unless the steps before it take
//    longer than that (a run reaching its gate more than 15 minutes after the hour closed is
//    counted as submitted but not escalated in the roll-up).
//  - Everything else is written once: runs' created_at and completed_at, a run's terminal status
//    (every engine update is guarded by "not completed or failed"), items' created_at, decided_at
//    and sla_due_at, decisions, and the claim of a decided item.
// Data written into an older hour by hand (an import, a repair) or deleted (a run and its items)
// is not seen until that hour is recomputed: delete the row of dashboard_rollup_state and the
// job rebuilds everything (the dashboard computes from the source tables in the meantime).

const STATE_ID = "dashboard";
export const ROLLUP_GRACE_MS = 2 * 60_000;
export const ROLLUP_SETTLE_MS = 15 * 60_000;
/** Hours recomputed per transaction: 6 hours of a million-item install take about 0.3 s. */
const CHUNK_HOURS = 6;
/**
 * A pass stops starting chunks after this long (but always does one): it shares the maintenance
 * worker with the SLA sweep. The worker queues the next pass at once while history is left.
 */
const DEFAULT_BUDGET_MS = 1_000;

export interface RollUpResult {
  /** Hours recomputed by this pass (a period counted once per time it was recomputed). */
  hoursRecomputed: number;
  rolledFrom: Date | null;
  rolledTo: Date | null;
  /** false when history older than rolled_from, or closed hours after rolled_to, are left for the next pass. */
  caughtUp: boolean;
}

interface RolledRange {
  from: number;
  to: number;
}

/** One pass of the roll-up job (run every minute by the maintenance worker). */
export async function rollUpDashboard(options: { now?: Date; budgetMs?: number; chunkHours?: number } = {}): Promise<RollUpResult> {
  const now = (options.now ?? new Date()).getTime();
  const chunk = (options.chunkHours ?? CHUNK_HOURS) * HOUR_MS;
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const started = performance.now();
  const withinBudget = () => performance.now() - started < budgetMs;
  // Hours that closed at least the grace period ago.
  const closedEnd = floorHour(now - ROLLUP_GRACE_MS);
  let state = await readRollupState();
  let hoursRecomputed = 0;

  const workflows = await workflowsInRuns();
  // Hours closed since the last pass, and those closed too recently to have settled.
  if (state) {
    for (let from = Math.max(state.from, Math.min(state.to, floorHour(now - ROLLUP_SETTLE_MS))); from < closedEnd; ) {
      const to = Math.min(closedEnd, from + chunk);
      state = await rollUpHours(from, to, workflows);
      hoursRecomputed += (to - from) / HOUR_MS;
      from = to;
      if (from < closedEnd && !withinBudget()) return result(state, false);
    }
  }
  // History, newest first, back to the first run.
  const floor = await firstRunHour(workflows);
  while (floor !== null && (state?.from ?? closedEnd) > floor) {
    if (hoursRecomputed > 0 && !withinBudget()) return result(state, false);
    const to = state?.from ?? closedEnd;
    const from = Math.max(floor, to - chunk);
    state = await rollUpHours(from, to, workflows);
    hoursRecomputed += (to - from) / HOUR_MS;
  }
  return result(state, true);

  function result(range: RolledRange | null, caughtUp: boolean): RollUpResult {
    return {
      hoursRecomputed,
      rolledFrom: range ? new Date(range.from) : null,
      rolledTo: range ? new Date(range.to) : null,
      caughtUp,
    };
  }
}

export async function readRollupState(client: Pick<Tx, "$queryRaw"> = db): Promise<RolledRange | null> {
  const [row] = await client.$queryRaw<{ rolled_from: Date; rolled_to: Date }[]>`
    SELECT rolled_from, rolled_to FROM dashboard_rollup_state WHERE id = ${STATE_ID}`;
  return row ? { from: row.rolled_from.getTime(), to: row.rolled_to.getTime() } : null;
}

/**
 * Recomputes the hours [from, to) and the 6- and 24-hour periods they belong to, and extends the
 * rolled-up range to cover them, in one transaction. Passes are serialized by an advisory lock.
 */
async function rollUpHours(from: number, to: number, workflows: string[]): Promise<RolledRange> {
  return db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext('baton.dashboard-rollup'))) AS lock`;
      // Background work: no JIT compilation for a query that runs once, and room to hash a day in memory.
      await tx.$executeRaw`SET LOCAL jit = off`;
      await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
      const current = await readRollupState(tx);
      if (current && (from > current.to || to < current.from)) throw new Error("roll-up ranges must touch the rolled-up range");
      const range = { from: Math.min(from, current?.from ?? from), to: Math.max(to, current?.to ?? to) };
      const hours = { from: new Date(from), to: new Date(to) };
      const bins = { seconds: 3600, origin: new Date(0) };

      await tx.$queryRaw(upsertPeriodsSql(PERIODS, 1, hours, periodFactsSql({ ranges: [hours], bins, workflow: null, submittedWorkflows: workflows })));
      await tx.$queryRaw(upsertPeriodsSql(REVIEWERS, 1, hours, reviewerFactsSql({ ranges: [hours], bins, workflow: null })));
      // Longer periods from the shorter ones, for those touching [from, to) and wholly rolled up.
      for (let i = 1; i < ROLLUP_GRAIN_HOURS.length; i++) {
        const grain = ROLLUP_GRAIN_HOURS[i]! * HOUR_MS;
        const periods = {
          from: new Date(Math.max(Math.floor(from / grain) * grain, Math.ceil(range.from / grain) * grain)),
          to: new Date(Math.min(Math.ceil(to / grain) * grain, Math.floor(range.to / grain) * grain)),
        };
        if (periods.from >= periods.to) continue;
        for (const spec of [PERIODS, REVIEWERS]) {
          await tx.$queryRaw(upsertPeriodsSql(spec, ROLLUP_GRAIN_HOURS[i]!, periods, mergePeriodsSql(spec, ROLLUP_GRAIN_HOURS[i - 1]!, ROLLUP_GRAIN_HOURS[i]!, periods)));
        }
      }
      await tx.$executeRaw`
        INSERT INTO dashboard_rollup_state (id, rolled_from, rolled_to, updated_at)
        VALUES (${STATE_ID}, ${new Date(range.from)}, ${new Date(range.to)}, now())
        ON CONFLICT (id) DO UPDATE SET rolled_from = EXCLUDED.rolled_from, rolled_to = EXCLUDED.rolled_to, updated_at = now()`;
      return range;
    },
    { timeout: 120_000, maxWait: 60_000 },
  );
}

interface RollupTable extends FactsShape {
  table: string;
}

const PERIODS: RollupTable = { table: "dashboard_rollups", ...PERIOD_FACTS };
const REVIEWERS: RollupTable = { table: "dashboard_reviewer_rollups", ...REVIEWER_FACTS };

function valueColumns(spec: RollupTable): string[] {
  return [...spec.sums.map(([name]) => name), ...spec.histograms.flatMap((h) => [`${h}_buckets`, `${h}_counts`])];
}

/**
 * Makes the rows of `grainHours` periods in [range.from, range.to) equal to `fresh` (rows with t,
 * the key columns and the value columns): inserts new rows, updates changed ones, leaves equal
 * ones untouched (no dead tuples for a recomputation that found nothing new) and deletes rows
 * whose period no longer has any fact.
 */
function upsertPeriodsSql(spec: RollupTable, grainHours: number, range: { from: Date; to: Date }, fresh: Prisma.Sql): Prisma.Sql {
  const values = valueColumns(spec);
  const keys = spec.keys;
  const table = Prisma.raw(spec.table);
  const list = (columns: string[], prefix = "") => Prisma.raw(columns.map((c) => `${prefix}${c}`).join(", "));
  return Prisma.sql`
    WITH fresh AS (${fresh}),
    written AS (
      INSERT INTO ${table} (grain_hours, period_start, ${list([...keys, ...values])})
      SELECT ${grainHours}::smallint, t, ${list([...keys, ...values])} FROM fresh
      ON CONFLICT (grain_hours, period_start, ${list(keys)}) DO UPDATE SET ${Prisma.raw(values.map((c) => `${c} = EXCLUDED.${c}`).join(", "))}
      WHERE (${list(values, `${spec.table}.`)}) IS DISTINCT FROM (${list(values, "EXCLUDED.")})
      RETURNING 1
    ), removed AS (
      DELETE FROM ${table} o
      WHERE o.grain_hours = ${grainHours} AND o.period_start >= ${range.from} AND o.period_start < ${range.to}
        AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.t = o.period_start ${Prisma.raw(keys.map((k) => `AND f.${k} = o.${k}`).join(" "))})
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM written)::int AS written, (SELECT count(*) FROM removed)::int AS removed`;
}

/** Rows of `grainHours` periods in [range.from, range.to) summed from the `fromGrainHours` rows inside them. */
function mergePeriodsSql(spec: RollupTable, fromGrainHours: number, grainHours: number, range: { from: Date; to: Date }): Prisma.Sql {
  const keys = spec.keys.join(", ");
  const period = Prisma.sql`date_bin(make_interval(hours => ${grainHours}), period_start, 'epoch'::timestamptz)`;
  const sums = spec.sums.map(([name, type]) => `sum(${name})::${type} AS ${name}`).join(", ");
  const buckets = spec.histograms.map(
    (h) => Prisma.sql`SELECT t, ${Prisma.raw(keys)}, ${h}::text AS histogram, u.bucket, sum(u.n)::int AS n
      FROM fine, unnest(${Prisma.raw(`${h}_buckets`)}, ${Prisma.raw(`${h}_counts`)}) AS u(bucket, n) GROUP BY t, ${Prisma.raw(keys)}, u.bucket`,
  );
  return Prisma.sql`
    WITH fine AS MATERIALIZED (
      SELECT ${period} AS t, * FROM ${Prisma.raw(spec.table)}
      WHERE grain_hours = ${fromGrainHours} AND period_start >= ${range.from} AND period_start < ${range.to}
    ), sums AS (
      SELECT t, ${Prisma.raw(keys)}, ${Prisma.raw(sums)} FROM fine GROUP BY t, ${Prisma.raw(keys)}
    ), buckets AS (${Prisma.join(buckets, " UNION ALL ")}),
    histograms AS (${histogramsSql(Prisma.sql`buckets`, ["t", ...spec.keys], spec.histograms)})
    SELECT s.*, ${histogramColumnsSql("h", spec.histograms)} FROM sums s LEFT JOIN histograms h USING (t, ${Prisma.raw(keys)})`;
}

/** Every workflow name in runs, by a skip scan of the (workflow_name, created_at) index. */
async function workflowsInRuns(): Promise<string[]> {
  const rows = await db.$queryRaw<{ workflow_name: string }[]>`
    WITH RECURSIVE names AS (
      (SELECT workflow_name FROM runs ORDER BY workflow_name LIMIT 1)
      UNION ALL
      SELECT (SELECT r.workflow_name FROM runs r WHERE r.workflow_name > n.workflow_name ORDER BY r.workflow_name LIMIT 1)
      FROM names n WHERE n.workflow_name IS NOT NULL
    )
    SELECT workflow_name FROM names WHERE workflow_name IS NOT NULL`;
  return rows.map((r) => r.workflow_name);
}

/**
 * Where history starts: nothing the dashboard counts happens before its run is created. An hour
 * earlier still, as the clocks that stamp runs and review items may differ a little.
 */
async function firstRunHour(workflows: string[]): Promise<number | null> {
  if (workflows.length === 0) return null;
  const [row] = await db.$queryRaw<{ first: Date | null }[]>`
    SELECT min((SELECT min(created_at) FROM runs WHERE workflow_name = w)) AS first FROM unnest(${workflows}::text[]) AS w`;
  return row?.first ? floorHour(row.first.getTime()) - HOUR_MS : null;
}
