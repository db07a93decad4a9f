// npm run bench:claims -- --items 1000000 --claimers 32 [--claims 20000] [--rate 0] --json
// Seeds that many waiting review items, then claims and decides them concurrently with the real
// claimNextItem/recordDecision, and reports claim latency and double claims. With --rate 0 every
// claimer loops flat out (a saturation test: latency is then mostly queueing for the two cores);
// --rate N paces the claimers to N claims per second in all, like reviewers arriving over time.
import { benchArgs, dropBenchState, percentile, prepareBenchDatabase, report, round } from "./bench-env";

const args = benchArgs({
  items: { type: "string", default: "1000000" },
  claimers: { type: "string", default: "32" },
  claims: { type: "string", default: "20000" },
  rate: { type: "string", default: "0" },
});
const rate = Number(args.rate);
const items = Number(args.items);
const claimers = Number(args.claimers);
const totalClaims = Math.min(Number(args.claims), items);

await prepareBenchDatabase();
const { db } = await import("@/lib/db");
const { claimNextItem } = await import("@/lib/review/claim-next-item");
const { recordDecision } = await import("@/lib/review/record-decision");

try {
  const seedStarted = Date.now();
  // Server-side generation: one statement per table, no rows through Node.
  await db.$executeRawUnsafe(`
    INSERT INTO runs (id, workflow_name, workflow_version, status, input, current_step_id, updated_at)
    SELECT gen_random_uuid(), 'customer-support', 1, 'waiting_for_review', jsonb_build_object('message', 'bench ' || g), 'review_gate', now()
    FROM generate_series(1, ${items}) AS g`);
  await db.$executeRawUnsafe(`
    INSERT INTO review_items (id, run_id, step_id, workflow_name, priority, tier, confidence, proposal, context, sla_minutes, sla_due_at, at_risk_at)
    SELECT gen_random_uuid(), id, 'review_gate', 'customer-support',
           (ARRAY['urgent','high','normal','low']::review_priority[])[1 + (random() * 3)::int],
           CASE WHEN random() < 0.1 THEN 'senior'::review_tier ELSE 'standard'::review_tier END,
           random(), '{"reply":"bench"}', '{"editableFields":["reply"]}', 120,
           now() + (random() * interval '6 hours'), now() + (random() * interval '4 hours')
    FROM runs`);
  // A long-lived queue table is vacuumed; a freshly bulk-loaded one would be vacuumed by autovacuum
  // in the middle of the measurement instead.
  await db.$executeRawUnsafe(`VACUUM ANALYZE review_items`);
  await db.$executeRawUnsafe(`VACUUM ANALYZE runs`);
  const seedSeconds = (Date.now() - seedStarted) / 1000;

  const reviewers = await Promise.all(
    Array.from({ length: claimers }, (_, i) =>
      db.user.create({ data: { email: `bench-${i}@bench.local`, name: `Bench ${i}`, role: "senior_reviewer", passwordHash: "x" } }),
    ),
  );
  // Warm up as a running server is warm: every pooled connection open (a new PostgreSQL backend
  // pays for its first queries), and one unmeasured claim and decision per claimer.
  await Promise.all(Array.from({ length: Number(process.env.BATON_DB_POOL_SIZE) }, () => db.$executeRaw`SELECT pg_sleep(0.05)`));
  await Promise.all(
    reviewers.map(async (reviewer) => {
      const item = await claimNextItem({ reviewerId: reviewer.id, tiers: ["standard", "senior"] });
      if (item) await recordDecision({ itemId: item.id, reviewerId: reviewer.id, decision: { action: "approved" } });
    }),
  );
  const warmupDecisions = await db.reviewDecision.count();

  const latencies: number[] = [];
  const decideLatencies: number[] = [];
  const claimed: string[] = [];
  let remaining = totalClaims;
  const started = performance.now();
  // Paced mode: claim k starts at started + k / rate (an open workload), whoever is free takes it.
  let issued = 0;
  const nextSlot = () => started + (issued++ * 1000) / rate;
  await Promise.all(
    reviewers.map(async (reviewer) => {
      while (remaining-- > 0) {
        if (rate > 0) {
          const wait = nextSlot() - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        }
        const t0 = performance.now();
        const item = await claimNextItem({ reviewerId: reviewer.id, tiers: ["standard", "senior"] });
        latencies.push(performance.now() - t0);
        if (!item) break;
        claimed.push(item.id);
        const t1 = performance.now();
        await recordDecision({ itemId: item.id, reviewerId: reviewer.id, decision: { action: "approved" } });
        decideLatencies.push(performance.now() - t1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  decideLatencies.sort((a, b) => a - b);
  const decisions = (await db.reviewDecision.count()) - warmupDecisions;
  const doubleClaims = claimed.length - new Set(claimed).size + Math.max(0, decisions - new Set(claimed).size);
  report(
    {
      items,
      claimers,
      rate,
      claims: claimed.length,
      claimsPerSecond: round(claimed.length / seconds, 1),
      claimP50Ms: round(percentile(latencies, 50)),
      claimP95Ms: round(percentile(latencies, 95)),
      claimP99Ms: round(percentile(latencies, 99)),
      decideP50Ms: round(percentile(decideLatencies, 50)),
      decideP99Ms: round(percentile(decideLatencies, 99)),
      doubleClaims,
      seedSeconds: round(seedSeconds, 1),
    },
    args.json,
    "Claim benchmark (claim + decide per iteration)",
  );
} finally {
  await dropBenchState();
}
