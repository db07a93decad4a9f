import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createReviewItem } from "@/lib/review/create-review-item";
import { sweepSla } from "@/lib/review/sweep-sla";
import { DEFAULT_SLA_POLICY } from "@/lib/settings/gate-settings";

// The SLA watch with a fake clock: sweepSla(now) is what the maintenance worker runs every second.

const T0 = new Date("2026-01-06T09:00:00Z"); // a Tuesday

async function createGatedItem(options: { slaMinutes: number; priority?: "normal" | "low"; now?: Date; businessHours?: typeof DEFAULT_SLA_POLICY.businessHours }) {
  const run = await db.run.create({
    data: { id: randomUUID(), workflowName: "customer-support", workflowVersion: 1, status: "waiting_for_review", input: { message: "test" }, currentStepId: "review_gate" },
  });
  const { id } = await db.$transaction((tx) =>
    createReviewItem(tx, {
      runId: run.id,
      stepId: "review_gate",
      workflowName: "customer-support",
      evaluation: { confidence: 0.6, sensitive: false, sensitiveReasons: [], proposal: { reply: "r" }, context: { message: "m" } },
      editableFields: ["reply"],
      route: { route: "review", priority: options.priority ?? "normal", tier: "standard", slaMinutes: options.slaMinutes, reason: "test" },
      slaPolicy: { atRiskShare: 0.25, businessHours: options.businessHours ?? null },
      now: options.now ?? T0,
    }),
  );
  return id;
}

const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

beforeEach(async () => {
  await db.reviewItem.deleteMany({});
  await db.notification.deleteMany({});
});

describe("SLA clock", () => {
  it("marks an item at risk when a quarter of its SLA is left, once", async () => {
    const id = await createGatedItem({ slaMinutes: 120 });
    expect((await sweepSla(at(89))).atRisk).toBe(0);
    expect((await sweepSla(at(90))).atRisk).toBe(1);
    expect((await sweepSla(at(91))).atRisk).toBe(0);
    const item = await db.reviewItem.findUniqueOrThrow({ where: { id } });
    expect(item.markedAtRiskAt).toEqual(at(90));
    expect(item.breachedAt).toBeNull();
  });

  it("breaches at the deadline, not a moment before, and walks the escalation ladder once per step", async () => {
    const id = await createGatedItem({ slaMinutes: 120, priority: "low" });
    expect((await sweepSla(new Date(at(120).getTime() - 1))).escalated).toEqual([]);

    expect((await sweepSla(at(120))).escalated).toEqual([{ itemId: id, level: 1 }]);
    let item = await db.reviewItem.findUniqueOrThrow({ where: { id } });
    expect(item).toMatchObject({ breachedAt: at(120), escalationLevel: 1, priority: "normal", tier: "standard" });
    expect(await db.notification.count({ where: { itemId: id, role: "supervisor", type: "sla_breached" } })).toBe(1);

    // Sweeping again changes nothing: every step fires once.
    expect((await sweepSla(at(121))).escalated).toEqual([]);

    // Half the SLA overdue: priority up again and on to senior reviewers.
    expect((await sweepSla(at(180))).escalated).toEqual([{ itemId: id, level: 2 }]);
    item = await db.reviewItem.findUniqueOrThrow({ where: { id } });
    expect(item).toMatchObject({ escalationLevel: 2, priority: "high", tier: "senior" });

    // A whole SLA overdue: admins hear of it too.
    expect((await sweepSla(at(240))).escalated).toEqual([{ itemId: id, level: 3 }]);
    expect(await db.notification.count({ where: { itemId: id, role: "admin" } })).toBe(1);

    const events = await db.reviewEvent.findMany({ where: { itemId: id, type: "escalated" }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.data)).toEqual([
      { level: 1, before: { priority: "low", tier: "standard" }, after: { priority: "normal", tier: "standard" } },
      { level: 2, before: { priority: "normal", tier: "standard" }, after: { priority: "high", tier: "senior" } },
      { level: 3, before: { priority: "high", tier: "senior" }, after: { priority: "urgent", tier: "senior" } },
    ]);
  });

  it("never escalates an audit sample (a calibration label, not customer work)", async () => {
    const id = await createGatedItem({ slaMinutes: 30 });
    await db.reviewItem.update({ where: { id }, data: { isAudit: true } });
    expect((await sweepSla(at(500))).escalated).toEqual([]);
    expect(await db.notification.count({ where: { itemId: id } })).toBe(0);
  });

  it("never breaches a decided item", async () => {
    const id = await createGatedItem({ slaMinutes: 30 });
    await db.reviewItem.update({ where: { id }, data: { status: "decided", decidedAt: at(10) } });
    expect((await sweepSla(at(500))).escalated).toEqual([]);
  });

  it("applies each step once when sweeps run concurrently", async () => {
    await Promise.all(Array.from({ length: 20 }, () => createGatedItem({ slaMinutes: 60 })));
    const results = await Promise.all(Array.from({ length: 5 }, () => sweepSla(at(60))));
    expect(results.flatMap((r) => r.escalated)).toHaveLength(20);
    expect(await db.notification.count()).toBe(20);
  });

  it("pauses the clock outside business hours", async () => {
    const calendar = { timeZone: "Europe/Berlin", workingDays: [1, 2, 3, 4, 5], start: "09:00", end: "17:00" };
    // Friday 16:30 Berlin with a 60-minute SLA: 30 minutes on Friday, 30 on Monday morning.
    const friday = new Date("2026-01-09T15:30:00Z");
    const id = await createGatedItem({ slaMinutes: 60, now: friday, businessHours: calendar });
    const item = await db.reviewItem.findUniqueOrThrow({ where: { id } });
    expect(item.slaDueAt.toISOString()).toBe("2026-01-12T08:30:00.000Z");
    expect((await sweepSla(new Date("2026-01-10T12:00:00Z"))).escalated).toEqual([]); // Saturday: no breach
    expect((await sweepSla(new Date("2026-01-12T08:30:00Z"))).escalated).toEqual([{ itemId: id, level: 1 }]);
  });
});
