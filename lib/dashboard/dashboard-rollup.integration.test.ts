import { randomUUID } from "node:crypto";
import type { Job } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createRegistry } from "@/lib/engine/registry";
import { MAINTENANCE_QUEUE } from "@/lib/queues/definitions";
import { closeQueues, getQueue, scheduleMaintenance } from "@/lib/queues/producers";
import { createUser } from "@/test/integration-helpers";
import { createMaintenanceProcessor } from "@/workers/processors/maintenance";
import { getDashboardOverview } from "./get-dashboard-overview";
import { ROLLUP_GRACE_MS, ROLLUP_SETTLE_MS, readRollupState, rollUpDashboard } from "./roll-up-dashboard";

// The roll-up must never change a figure: every test compares the dashboard read through the
// roll-up (in whatever state: complete, partial, late, stale) with the dashboard computed from
// the source tables alone, on data with known answers in a workflow of this file's own.

const workflow = `rollup-${randomUUID().slice(0, 8)}`;
const HOUR = 3_600_000;
const now = new Date(Date.now() - (Date.now() % 1000) + 123);
const H = Math.floor(now.getTime() / HOUR) * HOUR;
/** `hours` from the start of the current hour, plus minutes. */
const T = (hours: number, minutes = 0, seconds = 0) => new Date(H + hours * HOUR + minutes * 60_000 + seconds * 1000);
const ago = (ms: number) => new Date(now.getTime() - ms);
const since24 = ago(24 * HOUR);
const WINDOWS = ["1h", "24h", "7d"] as const;

type Person = { id: string };
let ann: Person, bob: Person, sam: Person, sue: Person;

async function resetRollup() {
  await db.$executeRaw`TRUNCATE dashboard_rollups, dashboard_reviewer_rollups, dashboard_rollup_state`;
}

/** Every window, for this workflow and for all workflows: through the roll-up, or from the source tables only. */
async function overviews(at = now, useRollup = true) {
  const result: Record<string, Awaited<ReturnType<typeof getDashboardOverview>>> = {};
  for (const window of WINDOWS) {
    result[`${window} ${workflow}`] = await getDashboardOverview({ now: at, window, workflow, useRollup });
    result[`${window} all`] = await getDashboardOverview({ now: at, window, workflowNames: [workflow, "customer-support"], useRollup });
  }
  return result;
}

const liveOverviews = (at = now) => overviews(at, false);

async function rollupRows() {
  const periods = await db.$queryRaw<unknown[]>`SELECT * FROM dashboard_rollups ORDER BY grain_hours, period_start, workflow_name`;
  const reviewers = await db.$queryRaw<unknown[]>`SELECT * FROM dashboard_reviewer_rollups ORDER BY grain_hours, period_start, workflow_name, reviewer_id`;
  return { periods, reviewers };
}

async function run(input: { createdAt: Date; status?: "completed" | "failed" | "waiting_for_review" | "running"; finishedAt?: Date }) {
  const status = input.status ?? "completed";
  return db.run.create({
    data: {
      workflowName: workflow,
      workflowVersion: 1,
      status,
      input: {},
      createdAt: input.createdAt,
      updatedAt: input.finishedAt ?? input.createdAt,
      completedAt: status === "completed" ? input.finishedAt : null,
    },
  });
}

interface ItemInput {
  runId: string;
  stepId?: string;
  createdAt: Date;
  slaMinutes: number;
  isAudit?: boolean;
  fourEyes?: boolean;
  stage?: "first_review" | "second_review";
  claimed?: { by: Person; at: Date };
  decided?: { by: Person; action: "approved" | "edited" | "rejected"; at: Date };
}

async function item(input: ItemInput) {
  return db.reviewItem.create({
    data: {
      runId: input.runId,
      stepId: input.stepId ?? "gate",
      workflowName: workflow,
      status: input.decided ? "decided" : "pending",
      stage: input.stage ?? "first_review",
      requiredApprovals: input.fourEyes ? 2 : 1,
      priority: "normal",
      tier: input.fourEyes ? "senior" : "standard",
      sensitive: input.fourEyes ?? false,
      isAudit: input.isAudit ?? false,
      confidence: 0.6,
      proposal: { reply: "x" },
      context: {},
      slaMinutes: input.slaMinutes,
      slaDueAt: new Date(input.createdAt.getTime() + input.slaMinutes * 60_000),
      atRiskAt: new Date(input.createdAt.getTime() + input.slaMinutes * 45_000),
      createdAt: input.createdAt,
      claimedById: input.claimed?.by.id,
      claimedAt: input.claimed?.at,
      decision: input.decided?.action,
      decidedById: input.decided?.by.id,
      decidedAt: input.decided?.at,
    },
  });
}

async function decision(itemId: string, by: Person, action: "approved" | "edited" | "rejected", at: Date, stage: "first_review" | "second_review" = "first_review") {
  await db.reviewDecision.create({ data: { itemId, reviewerId: by.id, action, stage, createdAt: at } });
}

/** A single-approval item decided by the reviewer who claimed it, with its decision row. */
async function decidedItem(input: { run: { id: string }; createdAt: Date; slaMinutes: number; by: Person; action: "approved" | "edited" | "rejected"; claimedAt: Date; decidedAt: Date; isAudit?: boolean; stepId?: string }) {
  const row = await item({
    runId: input.run.id,
    stepId: input.stepId,
    createdAt: input.createdAt,
    slaMinutes: input.slaMinutes,
    isAudit: input.isAudit,
    claimed: { by: input.by, at: input.claimedAt },
    decided: { by: input.by, action: input.action, at: input.decidedAt },
  });
  await decision(row.id, input.by, input.action, input.decidedAt);
  return row;
}

beforeAll(async () => {
  await resetRollup();
  ann = await createUser("reviewer", "Ann");
  bob = await createUser("reviewer", "Bob");
  sam = await createUser("senior_reviewer", "Sam");
  sue = await createUser("senior_reviewer", "Sue");

  // r1: decided in SLA 30 min after creation, 10 min after the claim.
  const r1 = await run({ createdAt: T(-5), finishedAt: T(-5, 31) });
  await decidedItem({ run: r1, createdAt: T(-5), slaMinutes: 60, by: ann, action: "approved", claimedAt: T(-5, 20), decidedAt: T(-5, 30) });
  // r2: decided exactly on the hour (it belongs to the hour that starts then).
  const r2 = await run({ createdAt: T(-4, 20), finishedAt: T(-3, 1) });
  await decidedItem({ run: r2, createdAt: T(-4, 20), slaMinutes: 60, by: bob, action: "edited", claimedAt: T(-4, 59, 55), decidedAt: T(-3) });
  // r3: a week's figure only (29 hours ago), decided late; its run failed.
  const r3 = await run({ createdAt: T(-30), status: "failed", finishedAt: T(-29, 5) });
  await decidedItem({ run: r3, createdAt: T(-30), slaMinutes: 30, by: ann, action: "rejected", claimedAt: T(-29, -1), decidedAt: T(-29) });
  // r4: four eyes, agreed: two decisions, the item decided by the second reviewer exactly at its deadline.
  const r4 = await run({ createdAt: T(-4), finishedAt: T(-4, 31) });
  const i4 = await item({ runId: r4.id, createdAt: T(-4), slaMinutes: 30, fourEyes: true, stage: "second_review", claimed: { by: sue, at: T(-4, 25) }, decided: { by: sue, action: "approved", at: T(-4, 30) } });
  await decision(i4.id, sam, "approved", T(-4, 10));
  await decision(i4.id, sue, "approved", T(-4, 30), "second_review");
  // r5: four eyes, waiting for its second review.
  const r5 = await run({ createdAt: T(-2), status: "waiting_for_review" });
  const i5 = await item({ runId: r5.id, createdAt: T(-2), slaMinutes: 30, fourEyes: true, stage: "second_review" });
  await decision(i5.id, sam, "approved", T(-2, 10));
  // r6: two review items; it escalated once, when the first was created.
  const r6 = await run({ createdAt: T(-6), status: "waiting_for_review" });
  await decidedItem({ run: r6, stepId: "draft.review", createdAt: T(-6), slaMinutes: 120, by: bob, action: "approved", claimedAt: T(-6, 14), decidedAt: T(-6, 15) });
  await item({ runId: r6.id, createdAt: T(-1), slaMinutes: 120 });
  // r7: passed automatically, then sampled for audit (a decision, not an escalation).
  const r7 = await run({ createdAt: T(-7), finishedAt: T(-7, 0, 2) });
  await decidedItem({ run: r7, createdAt: T(-7, 1), slaMinutes: 360, isAudit: true, by: ann, action: "approved", claimedAt: T(-7, 25), decidedAt: T(-7, 30) });
  // r8–r10: passed automatically.
  for (const at of [T(-1, 10), T(-12), T(-100)]) await run({ createdAt: at, finishedAt: new Date(at.getTime() + 2000) });
  // r11: all in the last minute, so in the hour that is not rolled up yet.
  const r11 = await run({ createdAt: ago(30_000), finishedAt: ago(5_000) });
  await decidedItem({ run: r11, createdAt: ago(30_000), slaMinutes: 60, by: ann, action: "approved", claimedAt: ago(20_000), decidedAt: ago(10_000) });
  // r12: created before the 24-hour window, decided (late) a minute inside it.
  const r12 = await run({ createdAt: new Date(since24.getTime() - 120_000), finishedAt: new Date(since24.getTime() + 120_000) });
  await decidedItem({ run: r12, createdAt: new Date(since24.getTime() - 30 * 60_000), slaMinutes: 20, by: bob, action: "rejected", claimedAt: new Date(since24.getTime() - 60_000), decidedAt: new Date(since24.getTime() + 60_000) });
  // r13: decided a minute before the 24-hour window.
  const r13 = await run({ createdAt: new Date(since24.getTime() - 40 * 60_000), finishedAt: new Date(since24.getTime() - 30_000) });
  await decidedItem({ run: r13, createdAt: new Date(since24.getTime() - 40 * 60_000), slaMinutes: 60, by: bob, action: "approved", claimedAt: new Date(since24.getTime() - 2 * 60_000), decidedAt: new Date(since24.getTime() - 60_000) });
  // r14: failed.
  await run({ createdAt: T(-2), status: "failed", finishedAt: T(-2, 30) });
  // r15: decided at this very moment (a window includes its end).
  const r15 = await run({ createdAt: ago(180_000), status: "running" });
  await decidedItem({ run: r15, createdAt: ago(180_000), slaMinutes: 60, by: bob, action: "approved", claimedAt: ago(60_000), decidedAt: now });
});

afterAll(async () => {
  await resetRollup();
  await closeQueues();
});

describe("dashboard roll-up", () => {
  it("gives the known figures, the same rolled up as computed from the source tables", async () => {
    const live = await liveOverviews();
    const day = live[`24h ${workflow}`]!;
    expect(day.decidedInWindow).toMatchObject({ total: 8, withinSla: 7 });
    // Handling times 5 s, 10 s, 1, 1, 2, 5, 5 and 10 min: the median is between 1 and 2 minutes.
    expect(day.decidedInWindow.medianHandlingMs!).toBeGreaterThan(55_000);
    expect(day.decidedInWindow.medianHandlingMs!).toBeLessThan(125_000);
    expect(day.decisions).toMatchObject({ total: 10, approved: 8, edited: 1, rejected: 1 });
    const byName = Object.fromEntries(day.decisions.byReviewer.map((r) => [r.name, r]));
    expect(byName.Ann).toMatchObject({ decisions: 3, approved: 3 });
    expect(byName.Bob).toMatchObject({ decisions: 4, approved: 2, edited: 1, rejected: 1 });
    // Four eyes: both reviewers' decisions count; only the one who held the claim has a handling time.
    expect(byName.Sam).toMatchObject({ decisions: 2, approved: 2, medianHandlingMs: null });
    expect(byName.Sue!.decisions).toBe(1);
    expect(Math.abs(byName.Sue!.medianHandlingMs! - 5 * 60_000) / (5 * 60_000)).toBeLessThan(0.05);
    expect(day.runs).toMatchObject({ completed: 8, failed: 1, submitted: 11 });
    expect(day.escalation).toMatchObject({ submitted: 11, escalated: 7 });
    // The chart's 24 points start at the first whole hour of the window: r12, decided in the
    // window's first minutes, is in the totals only.
    expect(day.series.reduce((n, p) => n + p.decided, 0)).toBe(7);
    expect(day.series.reduce((n, p) => n + p.escalated, 0)).toBe(7);
    const week = live[`7d ${workflow}`]!;
    expect(week.decidedInWindow).toMatchObject({ total: 10, withinSla: 8 });
    expect(week.decisions.total).toBe(12);
    expect(week.runs).toMatchObject({ completed: 10, failed: 2, submitted: 15 });
    expect(week.escalation).toMatchObject({ submitted: 15, escalated: 10 });

    for (let pass = 0; !(await rollUpDashboard({ now, budgetMs: 60_000 })).caughtUp; pass++) expect(pass).toBeLessThan(20);
    const state = await readRollupState();
    expect(state!.to).toBe(Math.floor((now.getTime() - ROLLUP_GRACE_MS) / HOUR) * HOUR);
    expect(state!.from).toBeLessThanOrEqual(T(-100).getTime());
    expect(await overviews()).toEqual(live);
  });

  it("gives the same figures when the window spans rolled-up hours and hours not rolled up yet", async () => {
    const live = await liveOverviews();
    // The roll-up as it was five hours ago: everything after its watermark is computed live.
    await resetRollup();
    while (!(await rollUpDashboard({ now: T(-5, 30), budgetMs: 60_000 })).caughtUp);
    expect((await readRollupState())!.to).toBe(T(-5).getTime());
    expect(await overviews()).toEqual(live);
    // A backfill stopped after its first chunk: older hours of the window are computed live.
    await resetRollup();
    const first = await rollUpDashboard({ now, chunkHours: 6, budgetMs: 0 });
    expect(first.caughtUp).toBe(false);
    expect(first.rolledTo!.getTime() - first.rolledFrom!.getTime()).toBe(6 * HOUR);
    expect(await overviews()).toEqual(live);
  });

  it("catches up after running late, and picks up facts that land in an hour after it closed", async () => {
    const live = await liveOverviews();
    // The job last ran two days ago.
    await resetRollup();
    while (!(await rollUpDashboard({ now: T(-48), budgetMs: 60_000 })).caughtUp);
    expect(await overviews()).toEqual(live);
    const late = await rollUpDashboard({ now, chunkHours: 24, budgetMs: 60_000 });
    expect(late.caughtUp).toBe(true);
    expect(late.rolledTo!.getTime()).toBe(Math.floor((now.getTime() - ROLLUP_GRACE_MS) / HOUR) * HOUR);
    expect(await overviews()).toEqual(live);

    // A decision whose transaction commits after its hour was rolled up (stamped 1 s before the
    // hour closed): the hour is recomputed by every pass until it settles.
    const justClosed = T(-1);
    const r = await run({ createdAt: new Date(justClosed.getTime() - 20 * 60_000), status: "running" });
    await decidedItem({ run: r, createdAt: new Date(justClosed.getTime() - 20 * 60_000), slaMinutes: 60, by: ann, action: "approved", claimedAt: new Date(justClosed.getTime() - 60_000), decidedAt: new Date(justClosed.getTime() - 1000) });
    const withLateFact = await liveOverviews();
    expect(withLateFact[`24h ${workflow}`]!.decidedInWindow.total).toBe(9);
    const pass = await rollUpDashboard({ now: new Date(justClosed.getTime() + ROLLUP_SETTLE_MS - 60_000) });
    expect(pass.hoursRecomputed).toBe(1);
    expect(await overviews()).toEqual(withLateFact);
  });

  it("is idempotent: passes run again, or at the same time, change nothing", async () => {
    // A moment at which the last closed hour is still settling: every pass recomputes it.
    const settling = new Date(H + ROLLUP_SETTLE_MS - 60_000);
    await resetRollup();
    while (!(await rollUpDashboard({ now: settling, budgetMs: 60_000 })).caughtUp);
    const rows = await rollupRows();
    const figures = await overviews();
    expect(rows.periods.length).toBeGreaterThan(0);
    expect(rows.reviewers.length).toBeGreaterThan(0);

    expect((await rollUpDashboard({ now: settling })).hoursRecomputed).toBe(1);
    await Promise.all([rollUpDashboard({ now: settling }), rollUpDashboard({ now: settling })]);
    expect(await rollupRows()).toEqual(rows);
    expect(await overviews()).toEqual(figures);

    // Rebuilt from nothing but its state's absence.
    await db.$executeRaw`DELETE FROM dashboard_rollup_state`;
    while (!(await rollUpDashboard({ now: settling, budgetMs: 60_000 })).caughtUp);
    expect(await rollupRows()).toEqual(rows);
  });

  it("runs as the maintenance job, on the maintenance queue's schedule", async () => {
    await resetRollup();
    await scheduleMaintenance();
    const schedulers = await getQueue(MAINTENANCE_QUEUE).getJobSchedulers();
    expect(schedulers.find((s) => s.key === "roll-up-dashboard")).toMatchObject({ every: 60_000 });

    const process = createMaintenanceProcessor(createRegistry([]));
    for (let i = 0; i < 20 && !(await readRollupState()); i++) await process({ name: "roll-up-dashboard" } as Job);
    expect(await readRollupState()).not.toBeNull();
    // Whatever the job reached by now (it runs on the real clock), the figures are the same.
    const live = await liveOverviews();
    expect(await overviews()).toEqual(live);
    await getQueue(MAINTENANCE_QUEUE).obliterate({ force: true });
  });
});
