// npm run bench:dashboard -- --items 1000000 [--open-share 0.1] [--days 30] [--window 24h] [--rounds 30] --json
// Seeds a million review items the way a busy install accumulates them (created evenly over
// `days`; a share still open, spread over the whole period, which is the worst case for the age
// figures; the rest decided 30 minutes to 3 hours after creation, each with its decision), half
// again as many runs that passed the gate automatically (with their gate steps). Then runs the
// dashboard roll-up the way the maintenance worker does — passes of rollUpDashboard() until it
// has caught up with the seeded history (rollupSeconds, rollupPasses), and one more pass as the
// worker runs it every minute once caught up (rollupPassMs) — and times the supervisor
// dashboard's data (getDashboardOverview, every query it makes) for each window, cold and warm.
import { benchArgs, dropBenchState, percentile, prepareBenchDatabase, report, round } from "./bench-env";

const args = benchArgs({
  items: { type: "string", default: "1000000" },
  "open-share": { type: "string", default: "0.1" },
  days: { type: "string", default: "30" },
  window: { type: "string", default: "24h" },
  rounds: { type: "string", default: "30" },
});
const items = Number(args.items);
const openShare = Number(args["open-share"]);
const days = Number(args.days);
const rounds = Number(args.rounds);
const autoRuns = Math.round(items / 2);

await prepareBenchDatabase();
const { db } = await import("@/lib/db");
const { getDashboardOverview } = await import("@/lib/dashboard/get-dashboard-overview");
const { parseDashboardWindow } = await import("@/lib/dashboard/dashboard-window");
const { rollUpDashboard } = await import("@/lib/dashboard/roll-up-dashboard");

try {
  const seedStarted = Date.now();
  const reviewers = 40;
  await db.$executeRawUnsafe(`
    INSERT INTO users (id, email, name, role, password_hash)
    SELECT gen_random_uuid(), 'bench-' || g || '@bench.local', 'Bench ' || g, 'reviewer', 'x' FROM generate_series(1, ${reviewers}) AS g`);
  // Runs that went to review, created evenly over the period.
  await db.$executeRawUnsafe(`
    INSERT INTO runs (id, workflow_name, workflow_version, status, input, current_step_id, created_at, updated_at, completed_at)
    SELECT gen_random_uuid(), 'customer-support', 1,
           CASE WHEN open THEN 'waiting_for_review'::run_status ELSE 'completed'::run_status END,
           '{"message":"bench"}', 'review_gate', t, t + interval '40 minutes', CASE WHEN NOT open THEN t + interval '40 minutes' END
    FROM generate_series(1, ${items}) AS g,
         LATERAL (SELECT now() - interval '${days} days' * (1 - g::float8 / ${items}) AS t, random() < ${openShare} AS open) AS x`);
  await db.$executeRawUnsafe(`
    INSERT INTO review_items (id, run_id, step_id, workflow_name, status, priority, tier, confidence, proposal, context,
                              sla_minutes, sla_due_at, at_risk_at, created_at, claimed_by_id, claimed_at, decision, decided_by_id, decided_at, resumed_at)
    SELECT gen_random_uuid(), r.id, 'review_gate', 'customer-support',
           CASE WHEN r.status = 'completed' THEN 'decided'::review_status ELSE 'pending'::review_status END,
           (ARRAY['urgent','high','normal','low']::review_priority[])[1 + floor(random() * 4)::int],
           CASE WHEN random() < 0.1 THEN 'senior'::review_tier ELSE 'standard'::review_tier END,
           random() * 0.8, '{"reply":"bench"}', '{"editableFields":["reply"]}', 120,
           r.created_at + interval '120 minutes', r.created_at + interval '90 minutes', r.created_at,
           CASE WHEN r.status = 'completed' THEN u.id END,
           CASE WHEN r.status = 'completed' THEN r.created_at + interval '30 minutes' END,
           CASE WHEN r.status = 'completed' THEN (ARRAY['approved','approved','approved','edited','rejected']::decision_action[])[1 + floor(random() * 5)::int] END,
           CASE WHEN r.status = 'completed' THEN u.id END,
           CASE WHEN r.status = 'completed' THEN r.created_at + interval '30 minutes' + random() * interval '150 minutes' END,
           CASE WHEN r.status = 'completed' THEN r.created_at + interval '40 minutes' END
    FROM runs r, LATERAL (SELECT id FROM users ORDER BY id OFFSET (abs(hashtext(r.id::text)) % ${reviewers}) LIMIT 1) AS u`);
  await db.$executeRawUnsafe(`
    INSERT INTO review_decisions (id, item_id, reviewer_id, action, created_at)
    SELECT gen_random_uuid(), id, decided_by_id, decision, decided_at FROM review_items WHERE status = 'decided'`);
  // Runs that passed the gate automatically, with their committed gate step.
  await db.$executeRawUnsafe(`
    INSERT INTO runs (id, workflow_name, workflow_version, status, input, created_at, updated_at, completed_at)
    SELECT gen_random_uuid(), 'customer-support', 1, 'completed', '{"message":"bench"}', t, t + interval '2 seconds', t + interval '2 seconds'
    FROM generate_series(1, ${autoRuns}) AS g, LATERAL (SELECT now() - interval '${days} days' * random() AS t) AS x`);
  await db.$executeRawUnsafe(`
    INSERT INTO run_steps (id, run_id, step_id, kind, status, output, confidence, latency_ms, started_at, finished_at)
    SELECT gen_random_uuid(), r.id, 'review_gate', 'gate', 'completed', '{"route":"auto","settingsVersion":0}', 0.8 + random() * 0.2, 1, r.created_at, r.created_at
    FROM runs r WHERE r.current_step_id IS NULL`);
  for (const table of ["users", "runs", "review_items", "review_decisions", "run_steps"]) await db.$executeRawUnsafe(`VACUUM ANALYZE ${table}`);
  const seedSeconds = (Date.now() - seedStarted) / 1000;

  // The roll-up, pass after pass as the maintenance worker would run it (each pass stops starting
  // chunks after its time budget), until the whole seeded history is rolled up.
  const rollupStarted = performance.now();
  let rollupPasses = 0;
  for (let caughtUp = false; !caughtUp; rollupPasses++) caughtUp = (await rollUpDashboard()).caughtUp;
  const rollupSeconds = (performance.now() - rollupStarted) / 1000;
  const passStarted = performance.now();
  await rollUpDashboard();
  const rollupPassMs = performance.now() - passStarted;

  const window = parseDashboardWindow(args.window);
  const workflowNames = ["customer-support"];
  const timed = async (w: typeof window) => {
    const timings: number[] = [];
    let overview: Awaited<ReturnType<typeof getDashboardOverview>> | undefined;
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      overview = await getDashboardOverview({ window: w, workflowNames });
      timings.push(performance.now() - started);
    }
    const warm = timings.slice(1).sort((a, b) => a - b);
    return { overview: overview!, cold: timings[0]!, p50: percentile(warm, 50), p99: percentile(warm, 99) };
  };
  const main = await timed(window);
  const hour = await timed("1h");
  const week = await timed("7d");
  // The roll-up must not change a figure: the week through it, and from the source tables alone.
  const at = new Date();
  const rolledWeek = await getDashboardOverview({ now: at, window: "7d", workflowNames });
  const liveWeek = await getDashboardOverview({ now: at, window: "7d", workflowNames, useRollup: false });
  report(
    {
      items,
      openItems: main.overview.queue.waiting,
      runs: items + autoRuns,
      dashboardP50Ms: round(main.p50),
      dashboardP99Ms: round(main.p99),
      dashboardColdMs: round(main.cold),
      dashboard1hP50Ms: round(hour.p50),
      dashboard1hP99Ms: round(hour.p99),
      dashboard7dP50Ms: round(week.p50),
      dashboard7dP99Ms: round(week.p99),
      dashboard7dColdMs: round(week.cold),
      decided7d: week.overview.decidedInWindow.total,
      rollupMatchesLive: JSON.stringify(rolledWeek) === JSON.stringify(liveWeek) ? 1 : 0,
      rollupSeconds: round(rollupSeconds, 1),
      rollupPasses,
      rollupPassMs: round(rollupPassMs),
      seedSeconds: round(seedSeconds, 1),
    },
    args.json,
    `Dashboard benchmark (window ${window} and 1h, 7d; ${rounds} rounds each)`,
  );
} finally {
  await dropBenchState();
}
