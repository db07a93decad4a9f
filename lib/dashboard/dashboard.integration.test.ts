import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUser } from "@/test/integration-helpers";
import { getDashboardOverview } from "./get-dashboard-overview";

// A workflow name of its own keeps other tests' items out of the figures.
const workflow = `dash-${randomUUID().slice(0, 8)}`;
const now = new Date();
const minutes = (n: number) => new Date(now.getTime() - n * 60_000);

async function item(input: { priority: "urgent" | "high" | "normal" | "low"; createdMinutesAgo: number; slaMinutes: number; decided?: { by: string; action: "approved" | "edited" | "rejected"; afterMinutes: number }; isAudit?: boolean }) {
  const run = await db.run.create({ data: { workflowName: workflow, workflowVersion: 1, status: input.decided ? "completed" : "waiting_for_review", input: {}, createdAt: minutes(input.createdMinutesAgo) } });
  const createdAt = minutes(input.createdMinutesAgo);
  const decidedAt = input.decided ? new Date(createdAt.getTime() + input.decided.afterMinutes * 60_000) : null;
  const row = await db.reviewItem.create({
    data: {
      runId: run.id,
      stepId: "gate",
      workflowName: workflow,
      status: input.decided ? "decided" : "pending",
      priority: input.priority,
      tier: "standard",
      isAudit: input.isAudit ?? false,
      confidence: 0.6,
      proposal: { reply: "x" },
      context: {},
      slaMinutes: input.slaMinutes,
      slaDueAt: new Date(createdAt.getTime() + input.slaMinutes * 60_000),
      atRiskAt: new Date(createdAt.getTime() + input.slaMinutes * 0.75 * 60_000),
      createdAt,
      ...(input.decided && decidedAt
        ? { decision: input.decided.action, decidedById: input.decided.by, decidedAt, claimedById: input.decided.by, claimedAt: new Date(decidedAt.getTime() - 60_000) }
        : {}),
    },
  });
  if (input.decided && decidedAt) await db.reviewDecision.create({ data: { itemId: row.id, reviewerId: input.decided.by, action: input.decided.action, createdAt: decidedAt } });
  return row;
}

// These items are back-dated into hours a roll-up may already cover (a worker process of another
// test file runs the maintenance jobs): start without one, so every figure is computed from the
// tables. dashboard-rollup.integration.test.ts checks the roll-up gives the same figures.
beforeAll(async () => {
  await db.$executeRaw`TRUNCATE dashboard_rollups, dashboard_reviewer_rollups, dashboard_rollup_state`;
});

describe("supervisor dashboard figures", () => {
  it("counts the queue, its ages, SLA breaches, decisions per reviewer and escalations for one workflow", async () => {
    const ann = await createUser("reviewer", "Ann");
    const bob = await createUser("reviewer", "Bob");
    await item({ priority: "urgent", createdMinutesAgo: 50, slaMinutes: 30 }); // past SLA
    await item({ priority: "normal", createdMinutesAgo: 100, slaMinutes: 120 }); // at risk (90 min mark passed)
    await item({ priority: "normal", createdMinutesAgo: 10, slaMinutes: 120 });
    await item({ priority: "low", createdMinutesAgo: 5, slaMinutes: 360, isAudit: true });
    await item({ priority: "normal", createdMinutesAgo: 200, slaMinutes: 120, decided: { by: ann.id, action: "approved", afterMinutes: 30 } });
    await item({ priority: "normal", createdMinutesAgo: 300, slaMinutes: 120, decided: { by: ann.id, action: "edited", afterMinutes: 150 } }); // decided late
    await item({ priority: "normal", createdMinutesAgo: 400, slaMinutes: 120, decided: { by: bob.id, action: "rejected", afterMinutes: 60 } });
    // Two runs that passed automatically.
    for (let i = 0; i < 2; i++) await db.run.create({ data: { workflowName: workflow, workflowVersion: 1, status: "completed", input: {}, createdAt: minutes(20), completedAt: minutes(19), updatedAt: minutes(19) } });

    const overview = await getDashboardOverview({ now, window: "24h", workflow });
    expect(overview.queue).toMatchObject({ waiting: 4, breached: 1, atRisk: 1, audit: 1, claimed: 0 });
    expect(overview.queue.byPriority.find((p) => p.priority === "normal")).toMatchObject({ waiting: 2, atRisk: 1, breached: 0 });
    expect(overview.queue.byTier.find((t) => t.tier === "standard")?.waiting).toBe(4);
    expect(overview.queue.byWorkflow).toEqual([{ workflow, waiting: 4, breached: 1, atRisk: 1 }]);
    // Ages 5, 10, 50 and 100 minutes: the oldest exactly, the median within the histogram's 5%.
    expect(overview.queue.age.maxMs).toBeCloseTo(100 * 60_000, -3);
    expect(overview.queue.age.p50Ms! / 60_000).toBeGreaterThan(9);
    expect(overview.queue.age.p50Ms! / 60_000).toBeLessThan(52);

    expect(overview.decidedInWindow).toMatchObject({ total: 3, withinSla: 2 });
    // Every handling time is 60 s: the median comes from a histogram of 5%-wide buckets.
    expect(Math.abs(overview.decidedInWindow.medianHandlingMs! - 60_000)).toBeLessThan(0.05 * 60_000);
    expect(overview.decisions).toMatchObject({ total: 3, approved: 1, edited: 1, rejected: 1 });
    const annFigures = overview.decisions.byReviewer.find((r) => r.id === ann.id);
    expect(annFigures).toMatchObject({ name: "Ann", decisions: 2, approved: 1, edited: 1 });
    expect(annFigures!.perHour).toBeCloseTo(2 / 24, 10);

    // 9 runs submitted (7 with items, one of them an audit sample, and 2 automatic): 6 escalated.
    expect(overview.escalation).toMatchObject({ submitted: 9, escalated: 6 });
    expect(overview.runs.completed).toBeGreaterThanOrEqual(2);
    expect(overview.series).toHaveLength(24);
    expect(overview.series.reduce((n, p) => n + p.decided, 0)).toBe(3);
  });

  it("sees an item breach as soon as its deadline passes", async () => {
    const before = await getDashboardOverview({ now, window: "1h", workflow });
    const later = await getDashboardOverview({ now: new Date(now.getTime() + 11 * 60_000), window: "1h", workflow });
    // The 10-minute-old normal item (SLA 120) is not due; the 100-minute one passes 120 after 20 more minutes.
    expect(later.queue.breached).toBe(before.queue.breached);
    const muchLater = await getDashboardOverview({ now: new Date(now.getTime() + 21 * 60_000), window: "1h", workflow });
    expect(muchLater.queue.breached).toBe(before.queue.breached + 1);
  });
});
