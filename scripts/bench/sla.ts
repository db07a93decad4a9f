// npm run bench:sla -- [--items 5000] [--spread-seconds 20] --json
// Breach detection lag: items with deadlines staggered over the next seconds, the real maintenance
// worker (SLA sweep every second) running in this process; lag = breached_at − sla_due_at.
import { benchArgs, dropBenchState, percentile, prepareBenchDatabase, report, round } from "./bench-env";

const args = benchArgs({ items: { type: "string", default: "5000" }, "spread-seconds": { type: "string", default: "20" } });
const items = Number(args.items);
const spread = Number(args["spread-seconds"]);

await prepareBenchDatabase();
const { db } = await import("@/lib/db");
const { workflowRegistry } = await import("@/lib/workflows");
const { startWorkers } = await import("@/workers/start-workers");

const workers = await startWorkers(workflowRegistry, { maintenance: true, concurrency: 1 });
try {
  const startsAt = Date.now() + 3_000;
  await db.$executeRawUnsafe(`
    INSERT INTO runs (id, workflow_name, workflow_version, status, input, current_step_id)
    SELECT gen_random_uuid(), 'customer-support', 1, 'waiting_for_review', '{}', 'review_gate' FROM generate_series(1, ${items})`);
  await db.$executeRawUnsafe(`
    INSERT INTO review_items (id, run_id, step_id, workflow_name, priority, tier, confidence, proposal, context, sla_minutes, sla_due_at, at_risk_at)
    SELECT gen_random_uuid(), id, 'review_gate', 'customer-support', 'normal', 'standard', 0.6, '{}', '{}', 1,
           to_timestamp(${startsAt / 1000} + random() * ${spread}), to_timestamp(${startsAt / 1000})
    FROM runs`);
  const deadline = startsAt + spread * 1000 + 30_000;
  while ((await db.reviewItem.count({ where: { breachedAt: null } })) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
  const rows = await db.$queryRaw<{ lag_ms: number }[]>`
    SELECT EXTRACT(EPOCH FROM (breached_at - sla_due_at)) * 1000 AS lag_ms FROM review_items WHERE breached_at IS NOT NULL`;
  const lags = rows.map((r) => Number(r.lag_ms)).sort((a, b) => a - b);
  const missed = items - lags.length;
  report({ items, breached: lags.length, missed, breachLagP50Ms: round(percentile(lags, 50)), breachLagP99Ms: round(percentile(lags, 99)), breachLagMaxMs: round(lags.at(-1) ?? NaN) }, args.json, "SLA breach detection lag");
} finally {
  await workers.close();
  await dropBenchState();
}
