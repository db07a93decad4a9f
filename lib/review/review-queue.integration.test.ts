import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { claimNextItem } from "@/lib/review/claim-next-item";
import { recordDecision } from "@/lib/review/record-decision";
import { releaseExpiredLeases } from "@/lib/review/release-expired-leases";
import { createUser } from "@/test/integration-helpers";
import { UserFacingError } from "@/lib/errors";
import { assignItem, forceReleaseItem, renewLease } from "@/lib/review/manage-claims";

// The queue on its own: items are inserted directly (their runs wait at the gate) so each rule
// can be checked in isolation.

type Priority = "urgent" | "high" | "normal" | "low";

async function createRuns(count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await db.run.createMany({
    data: ids.map((id) => ({ id, workflowName: "customer-support", workflowVersion: 1, status: "waiting_for_review" as const, input: { message: "test" }, currentStepId: "review_gate" })),
  });
  return ids;
}

function itemData(runId: string) {
  return {
    runId,
    stepId: "review_gate",
    workflowName: "customer-support",
    priority: "normal" as Priority,
    tier: "standard" as "standard" | "senior",
    confidence: 0.6,
    proposal: { intent: "card_arrival", reply: "Your card is on its way." },
    context: { message: "Where is my card?", editableFields: ["reply"] },
    slaMinutes: 120,
    slaDueAt: new Date(Date.now() + 120 * 60_000),
    atRiskAt: new Date(Date.now() + 90 * 60_000),
  };
}

async function createItem(options: { priority?: Priority; tier?: "standard" | "senior"; dueInMinutes?: number } = {}) {
  const [runId] = await createRuns(1);
  const dueInMinutes = options.dueInMinutes ?? 120;
  return db.reviewItem.create({
    data: {
      ...itemData(runId!),
      priority: options.priority ?? "normal",
      tier: options.tier ?? "standard",
      slaDueAt: new Date(Date.now() + dueInMinutes * 60_000),
      atRiskAt: new Date(Date.now() + dueInMinutes * 0.75 * 60_000),
    },
  });
}

beforeEach(async () => {
  // Each test starts from an empty queue.
  await db.reviewItem.deleteMany({});
});

describe("claiming", () => {
  it("gives 50 concurrent claimers over 1,000 items 1,000 distinct claims and no double claim", async () => {
    const runIds = await createRuns(1000);
    await db.reviewItem.createMany({
      data: runIds.map((runId, i) => ({
        ...itemData(runId),
        priority: (["urgent", "high", "normal", "low"] as const)[i % 4],
        slaDueAt: new Date(Date.now() + (i % 97) * 60_000),
        atRiskAt: new Date(Date.now() + (i % 97) * 60_000),
      })),
    });
    const reviewers = await Promise.all(Array.from({ length: 50 }, () => createUser("reviewer")));
    const claimsPerReviewer = await Promise.all(
      reviewers.map(async (reviewer) => {
        const mine: string[] = [];
        for (;;) {
          const claimed = await claimNextItem({ reviewerId: reviewer.id, tiers: ["standard"] });
          if (!claimed) break;
          expect(claimed.alreadyHeld).toBe(false);
          mine.push(claimed.id);
          // Decide it (as far as the queue is concerned) so the reviewer moves on to the next one.
          await db.reviewItem.update({ where: { id: claimed.id }, data: { status: "decided" } });
        }
        return mine;
      }),
    );
    const all = claimsPerReviewer.flat();
    expect(all).toHaveLength(1000);
    expect(new Set(all).size).toBe(1000);
    const claimEvents = await db.reviewEvent.count({ where: { type: "claimed" } });
    expect(claimEvents).toBe(1000);
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

describe("leases and assignment", () => {
  it("renews the holder's lease while the item is open, and refuses anyone else", async () => {
    const item = await createItem();
    const holder = await createUser("reviewer");
    await claimNextItem({ reviewerId: holder.id, tiers: ["standard"], leaseSeconds: 5 });
    const renewed = await renewLease({ itemId: item.id, reviewerId: holder.id, leaseSeconds: 600 });
    expect(renewed.getTime()).toBeGreaterThan(Date.now() + 500_000);
    const other = await createUser("reviewer");
    await expect(renewLease({ itemId: item.id, reviewerId: other.id })).rejects.toThrow(/expired/);
  });

  it("refuses to renew a lapsed lease", async () => {
    const item = await createItem();
    const holder = await createUser("reviewer");
    await claimNextItem({ reviewerId: holder.id, tiers: ["standard"] });
    await db.reviewItem.update({ where: { id: item.id }, data: { leaseExpiresAt: new Date(Date.now() - 1) } });
    await expect(renewLease({ itemId: item.id, reviewerId: holder.id })).rejects.toThrow(/expired/);
  });

  it("lets a supervisor force-release a held item back to the queue", async () => {
    const item = await createItem();
    const holder = await createUser("reviewer");
    const supervisor = await createUser("supervisor");
    await claimNextItem({ reviewerId: holder.id, tiers: ["standard"] });
    await forceReleaseItem({ itemId: item.id, actorId: supervisor.id });
    expect(await db.reviewItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ status: "pending", claimedById: null });
    const released = await db.reviewEvent.findFirstOrThrow({ where: { itemId: item.id, type: "released" } });
    expect(released.actorId).toBe(supervisor.id);
    expect(released.data).toMatchObject({ before: { holder: holder.id }, after: { holder: null } });
    await expect(forceReleaseItem({ itemId: item.id, actorId: supervisor.id })).rejects.toThrow(/Nobody holds/);
  });

  it("reserves an assigned item for its assignee, who gets it first", async () => {
    const urgentOther = await createItem({ priority: "urgent" });
    const assigned = await createItem({ priority: "low" });
    const assignee = await createUser("reviewer");
    const supervisor = await createUser("supervisor");
    await assignItem({ itemId: assigned.id, assigneeId: assignee.id, actorId: supervisor.id, assigneeTiers: ["standard"] });

    const someoneElse = await createUser("reviewer");
    expect((await claimNextItem({ reviewerId: someoneElse.id, tiers: ["standard"] }))?.id).toBe(urgentOther.id);
    const third = await createUser("reviewer");
    expect(await claimNextItem({ reviewerId: third.id, tiers: ["standard"] })).toBeNull();
    expect((await claimNextItem({ reviewerId: assignee.id, tiers: ["standard"] }))?.id).toBe(assigned.id);
  });

  it("refuses to assign a senior item to a standard reviewer", async () => {
    const item = await createItem({ tier: "senior" });
    const reviewer = await createUser("reviewer");
    const supervisor = await createUser("supervisor");
    await expect(assignItem({ itemId: item.id, assigneeId: reviewer.id, actorId: supervisor.id, assigneeTiers: ["standard"] })).rejects.toThrow(/cannot take senior/);
    expect((await db.reviewItem.findUniqueOrThrow({ where: { id: item.id } })).assignedToId).toBeNull();
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
    const first = await recordDecision({ itemId: item.id, reviewerId: reviewer.id, decision: { action: "rejected", reason: "Off topic", reasonCode: "wrong_intent" } });
    expect(first.recorded).toBe(true);
    expect(await db.reviewDecision.findFirstOrThrow({ where: { itemId: item.id } })).toMatchObject({ reason: "Off topic", reasonCode: "wrong_intent" });
    const same = await recordDecision({ itemId: item.id, reviewerId: reviewer.id, decision: { action: "rejected", reason: "Off topic" } });
    expect(same.recorded).toBe(false);
    await expectRefused(recordDecision({ itemId: item.id, reviewerId: reviewer.id, decision: { action: "approved" } }), "already_decided");
    const other = await createUser("reviewer");
    await expectRefused(recordDecision({ itemId: item.id, reviewerId: other.id, decision: { action: "rejected", reason: "Off topic" } }), "already_decided");
    expect(await db.reviewDecision.count({ where: { itemId: item.id } })).toBe(1);
    const gate = await db.runStep.findMany({ where: { runId: item.runId, stepId: "review_gate" } });
    expect(gate).toHaveLength(1);
  });

  it("records one decision and resumes the run once when the same submit races itself", async () => {
    const item = await createItem();
    const reviewer = await createUser("reviewer");
    await claimNextItem({ reviewerId: reviewer.id, tiers: ["standard"] });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => recordDecision({ itemId: item.id, reviewerId: reviewer.id, decision: { action: "edited", editedText: "Your card arrives Friday." } })),
    );
    expect(results.filter((r) => r.recorded)).toHaveLength(1);
    expect(await db.reviewDecision.count({ where: { itemId: item.id } })).toBe(1);
    expect(await db.reviewEvent.count({ where: { itemId: item.id, type: "decided" } })).toBe(1);
    expect(await db.reviewEvent.count({ where: { itemId: item.id, type: "resumed" } })).toBe(1);
    const gate = await db.runStep.findUniqueOrThrow({ where: { runId_stepId: { runId: item.runId, stepId: "review_gate" } } });
    expect(gate.output).toMatchObject({ route: "review", decision: { action: "edited" }, output: { reply: "Your card arrives Friday." } });
  });

  it("lets either a decision or a force-release win a race, never both", async () => {
    const supervisor = await createUser("supervisor");
    for (let round = 0; round < 10; round++) {
      const item = await createItem();
      const reviewer = await createUser("reviewer");
      await claimNextItem({ reviewerId: reviewer.id, tiers: ["standard"] });
      const [decided, released] = await Promise.allSettled([
        recordDecision({ itemId: item.id, reviewerId: reviewer.id, decision: { action: "approved" } }),
        forceReleaseItem({ itemId: item.id, actorId: supervisor.id }),
      ]);
      const after = await db.reviewItem.findUniqueOrThrow({ where: { id: item.id } });
      const decisions = await db.reviewDecision.count({ where: { itemId: item.id } });
      if (decided.status === "fulfilled") {
        // The decision came first: the release found nothing to release.
        expect(after).toMatchObject({ status: "decided", decision: "approved" });
        expect(released.status).toBe("rejected");
        expect(decisions).toBe(1);
      } else {
        expect((decided.reason as UserFacingError).code).toBe("not_claimed");
        expect(after).toMatchObject({ status: "pending", claimedById: null, decision: null });
        expect(decisions).toBe(0);
        expect(await db.runStep.count({ where: { runId: item.runId } })).toBe(0);
      }
    }
  });
});
