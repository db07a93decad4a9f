import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { claimNextItem } from "@/lib/review/claim-next-item";
import { recordDecision } from "@/lib/review/record-decision";
import { releaseExpiredLeases } from "@/lib/review/release-expired-leases";
import { createUser } from "@/test/integration-helpers";
import { UserFacingError } from "@/lib/errors";

// The queue on its own: items are inserted directly (their runs wait at the gate) so each rule
// can be checked in isolation.

type Priority = "urgent" | "high" | "normal" | "low";

async function createItem(options: { priority?: Priority; tier?: "standard" | "senior"; dueInMinutes?: number } = {}) {
  const run = await db.run.create({
    data: { workflowName: "customer-support", workflowVersion: 1, status: "waiting_for_review", input: { message: "test" }, currentStepId: "review_gate" },
  });
  return db.reviewItem.create({
    data: {
      runId: run.id,
      stepId: "review_gate",
      workflowName: "customer-support",
      priority: options.priority ?? "normal",
      tier: options.tier ?? "standard",
      confidence: 0.6,
      proposal: { intent: "card_arrival", reply: "Your card is on its way." },
      context: { message: "Where is my card?", editableFields: ["reply"] },
      slaMinutes: 120,
      slaDueAt: new Date(Date.now() + (options.dueInMinutes ?? 120) * 60_000),
    },
  });
}

beforeEach(async () => {
  // Each test starts from an empty queue.
  await db.reviewItem.deleteMany({});
});

describe("claiming", () => {
  it("gives concurrent claimers distinct items and never the same one twice", async () => {
    const items = await Promise.all(Array.from({ length: 60 }, () => createItem()));
    const reviewers = await Promise.all(Array.from({ length: 12 }, () => createUser("reviewer")));
    const claimsPerReviewer = await Promise.all(
      reviewers.map(async (reviewer) => {
        const mine: string[] = [];
        for (;;) {
          const claimed = await claimNextItem({ reviewerId: reviewer.id, tiers: ["standard"] });
          if (!claimed || mine.includes(claimed.id)) break;
          mine.push(claimed.id);
          // Hand it straight back as decided, so the reviewer moves on to the next one.
          await db.reviewItem.update({ where: { id: claimed.id }, data: { status: "decided" } });
        }
        return mine;
      }),
    );
    const all = claimsPerReviewer.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(all)).toEqual(new Set(items.map((i) => i.id)));
  });

  it("orders by priority, then by SLA deadline", async () => {
    const lowSoon = await createItem({ priority: "low", dueInMinutes: 1 });
    const normalLate = await createItem({ priority: "normal", dueInMinutes: 300 });
    const normalSoon = await createItem({ priority: "normal", dueInMinutes: 10 });
    const urgent = await createItem({ priority: "urgent", dueInMinutes: 30 });
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      const reviewer = await createUser("reviewer");
      order.push((await claimNextItem({ reviewerId: reviewer.id, tiers: ["standard"] }))!.id);
    }
    expect(order).toEqual([urgent.id, normalSoon.id, normalLate.id, lowSoon.id]);
  });

  it("gives a reviewer back the item they already hold instead of a second one", async () => {
    await createItem();
    await createItem();
    const reviewer = await createUser("reviewer");
    const first = await claimNextItem({ reviewerId: reviewer.id, tiers: ["standard"] });
    const again = await claimNextItem({ reviewerId: reviewer.id, tiers: ["standard"] });
    expect(again?.id).toBe(first?.id);
  });

  it("keeps senior items from standard reviewers", async () => {
    await createItem({ tier: "senior", priority: "urgent" });
    const reviewer = await createUser("reviewer");
    expect(await claimNextItem({ reviewerId: reviewer.id, tiers: ["standard"] })).toBeNull();
    const senior = await createUser("senior_reviewer");
    expect(await claimNextItem({ reviewerId: senior.id, tiers: ["standard", "senior"] })).not.toBeNull();
  });

  it("returns an abandoned item to the queue when its lease expires", async () => {
    const item = await createItem();
    const first = await createUser("reviewer");
    await claimNextItem({ reviewerId: first.id, tiers: ["standard"], leaseSeconds: 1 });
    const second = await createUser("reviewer");
    expect(await claimNextItem({ reviewerId: second.id, tiers: ["standard"] })).toBeNull();

    expect(await releaseExpiredLeases(new Date(Date.now() + 2_000))).toBe(1);
    expect((await claimNextItem({ reviewerId: second.id, tiers: ["standard"] }))?.id).toBe(item.id);
    const events = await db.reviewEvent.findMany({ where: { itemId: item.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["claimed", "released", "claimed"]);
  });
});

describe("deciding", () => {
  async function expectRefused(promise: Promise<unknown>, code: string) {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as UserFacingError).code).toBe(code);
  }

  it("refuses a decision on an item the reviewer does not hold, and changes nothing", async () => {
    const item = await createItem();
    const holder = await createUser("reviewer");
    const other = await createUser("reviewer");
    await claimNextItem({ reviewerId: holder.id, tiers: ["standard"] });
    await expectRefused(recordDecision({ itemId: item.id, reviewerId: other.id, decision: { action: "approved" } }), "not_claimed");
    const after = await db.reviewItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(after).toMatchObject({ status: "claimed", claimedById: holder.id, decision: null });
    expect(await db.reviewDecision.count({ where: { itemId: item.id } })).toBe(0);
  });

  it("refuses a decision on an unclaimed item", async () => {
    const item = await createItem();
    const reviewer = await createUser("reviewer");
    await expectRefused(recordDecision({ itemId: item.id, reviewerId: reviewer.id, decision: { action: "approved" } }), "not_claimed");
  });

  it("refuses a decision once the lease expired", async () => {
    const item = await createItem();
    const reviewer = await createUser("reviewer");
    await claimNextItem({ reviewerId: reviewer.id, tiers: ["standard"] });
    await db.reviewItem.update({ where: { id: item.id }, data: { leaseExpiresAt: new Date(Date.now() - 1000) } });
    await expectRefused(recordDecision({ itemId: item.id, reviewerId: reviewer.id, decision: { action: "approved" } }), "lease_expired");
    expect((await db.reviewItem.findUniqueOrThrow({ where: { id: item.id } })).decision).toBeNull();
  });

  it("refuses an unknown item", async () => {
    const reviewer = await createUser("reviewer");
    await expectRefused(recordDecision({ itemId: randomUUID(), reviewerId: reviewer.id, decision: { action: "approved" } }), "not_found");
  });

  it("treats the same decision twice as a no-op and refuses a conflicting one", async () => {
    const item = await createItem();
    const reviewer = await createUser("reviewer");
    await claimNextItem({ reviewerId: reviewer.id, tiers: ["standard"] });
    const first = await recordDecision({ itemId: item.id, reviewerId: reviewer.id, decision: { action: "rejected", reason: "Off topic" } });
    expect(first.recorded).toBe(true);
    const same = await recordDecision({ itemId: item.id, reviewerId: reviewer.id, decision: { action: "rejected", reason: "Off topic" } });
    expect(same.recorded).toBe(false);
    await expectRefused(recordDecision({ itemId: item.id, reviewerId: reviewer.id, decision: { action: "approved" } }), "already_decided");
    const other = await createUser("reviewer");
    await expectRefused(recordDecision({ itemId: item.id, reviewerId: other.id, decision: { action: "rejected", reason: "Off topic" } }), "already_decided");
    expect(await db.reviewDecision.count({ where: { itemId: item.id } })).toBe(1);
    const gate = await db.runStep.findMany({ where: { runId: item.runId, stepId: "review_gate" } });
    expect(gate).toHaveLength(1);
  });
});
