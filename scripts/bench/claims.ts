// npm run bench:claims -- --items 1000000 --claimers 32 [--claims 10000] [--rate 100] --json
// Seeds that many waiting review items, then has `claimers` reviewers claim and decide them
// concurrently with the real claimNextItem/recordDecision (each claim is followed by its decision,
// which resumes the run), and checks that no item was claimed or decided twice. Two phases:
// 1. Paced (the headline claim latency): claims arrive at --rate per second in all, whoever is free
//    takes the next one — an open workload, like reviewers clicking "next" over time. 100/s is far
//    beyond what 32 people can do (one item every few seconds each) and about a quarter of what
//    this code sustains on 2 cores, so it measures the claim, not a queue for the CPU.
// 2. Saturation: every claimer loops flat out. `claimsPerSecond` is that phase's throughput (the
//    capacity); its latencies (`saturated*`) are mostly queueing for the cores, reported beside.
// --rate 0 runs only the saturation phase.
import { benchArgs, dropBenchState, percentile, prepareBenchDatabase, report, round } from "./bench-env";

const args = benchArgs({
  items: { type: "string", default: "1000000" },
  claimers: { type: "string", default: "32" },
  claims: { type: "string", default: "10000" },
  rate: { type: "string", default: "100" },
});
const items = Number(args.items);
const claimers = Number(args.claimers);
const rate = Number(args.rate);
const claimsPerPhase = Math.min(Number(args.claims), Math.floor(items / 2));

await prepareBenchDatabase();
const { db } = await import("@/lib/db");
const { claimNextItem } = await import("@/lib/review/claim-next-item");
const { recordDecision } = await import("@/lib/review/record-decision");

type Reviewer = { id: string };

interface PhaseResult {
  claimed: string[];
  claimMs: number[];
  decideMs: number[];
  seconds: number;
}

/** Claimers claim and decide until `claims` are done; paced to `rate` claims/s in all when rate > 0. */
async function runPhase(reviewers: Reviewer[], claims: number, rate: number): Promise<PhaseResult> {
  const result: PhaseResult = { claimed: [], claimMs: [], decideMs: [], seconds: 0 };
  let remaining = claims;
  let issued = 0;
  const started = performance.now();
  // Claim k is due at started + k / rate; a free claimer waits for the next due slot.
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
        result.claimMs.push(performance.now() - t0);
        if (!item) break;
        result.claimed.push(item.id);
        const t1 = performance.now();
        await recordDecision({ itemId: item.id, reviewerId: reviewer.id, decision: { action: "approved" } });
        result.decideMs.push(performance.now() - t1);
      }
    }),
  );
  result.seconds = (performance.now() - started) / 1000;
  result.claimMs.sort((a, b) => a - b);
  result.decideMs.sort((a, b) => a - b);
  return result;
}

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
  // A long-lived queue table is vacuumed and checkpointed; a freshly bulk-loaded one would be
  // vacuumed by autovacuum, and its load checkpointed, in the middle of the measurement instead.
  await db.$executeRawUnsafe(`VACUUM ANALYZE review_items`);
  await db.$executeRawUnsafe(`VACUUM ANALYZE runs`);
  await db.$executeRawUnsafe(`CHECKPOINT`);
  const seedSeconds = (Date.now() - seedStarted) / 1000;

  const reviewers = await Promise.all(
    Array.from({ length: claimers }, (_, i) =>
      db.user.create({ data: { email: `bench-${i}@bench.local`, name: `Bench ${i}`, role: "senior_reviewer", passwordHash: "x" } }),
    ),
  );
  // Warm up as a running server is warm: every pooled connection open (a new PostgreSQL backend
  // pays for its first queries and prepares its statements), then one unmeasured round.
  await Promise.all(Array.from({ length: Number(process.env.BATON_DB_POOL_SIZE) }, () => db.$executeRaw`SELECT pg_sleep(0.05)`));
  await runPhase(reviewers, claimers * 4, 0);
  const decisionsBefore = await db.reviewDecision.count();

  const paced = rate > 0 ? await runPhase(reviewers, claimsPerPhase, rate) : null;
  const saturated = await runPhase(reviewers, claimsPerPhase, 0);

  const claimed = [...(paced?.claimed ?? []), ...saturated.claimed];
  const distinct = new Set(claimed).size;
  const decisions = (await db.reviewDecision.count()) - decisionsBefore;
  // An item handed out twice, or decided more often than it was claimed, is a double claim.
  const doubleClaims = claimed.length - distinct + Math.max(0, decisions - distinct);
  const headline = paced ?? saturated;
  report(
    {
      items,
      claimers,
      rate,
      claims: claimed.length,
      claimsPerSecond: round(saturated.claimed.length / saturated.seconds, 1),
      claimP50Ms: round(percentile(headline.claimMs, 50)),
      claimP95Ms: round(percentile(headline.claimMs, 95)),
      claimP99Ms: round(percentile(headline.claimMs, 99)),
      decideP50Ms: round(percentile(headline.decideMs, 50)),
      decideP99Ms: round(percentile(headline.decideMs, 99)),
      saturatedClaimP50Ms: round(percentile(saturated.claimMs, 50)),
      saturatedClaimP99Ms: round(percentile(saturated.claimMs, 99)),
      doubleClaims,
      seedSeconds: round(seedSeconds, 1),
    },
    args.json,
    rate > 0 ? `Claim benchmark (claim + decide; paced at ${rate}/s, then flat out)` : "Claim benchmark (claim + decide, flat out)",
  );
} finally {
  await dropBenchState();
}
