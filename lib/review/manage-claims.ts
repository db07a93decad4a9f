import { db } from "../db";
import { env } from "../env";
import { conflict, notFound } from "../errors";
import type { ReviewTier } from "../engine/route-gate";
import { recordEvent } from "./record-event";

/**
 * Extends the holder's lease; the open review page calls this while it stays open. Refused once
 * the lease has lapsed (the item may already be someone else's).
 */
export async function renewLease(input: { itemId: string; reviewerId: string; leaseSeconds?: number }): Promise<Date> {
  const leaseSeconds = input.leaseSeconds ?? env().BATON_REVIEW_LEASE_SECONDS;
  const rows = await db.$queryRaw<{ lease_expires_at: Date }[]>`
    UPDATE review_items SET lease_expires_at = now() + make_interval(secs => ${leaseSeconds})
    WHERE id = ${input.itemId}::uuid AND status = 'claimed' AND claimed_by_id = ${input.reviewerId}::uuid AND lease_expires_at > now()
    RETURNING lease_expires_at`;
  if (!rows[0]) throw conflict("Your claim on this item expired: open it from the queue again", "lease_expired");
  return rows[0].lease_expires_at;
}

/** The holder hands an item back to the queue without deciding it. */
export async function releaseItem(input: { itemId: string; reviewerId: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const released = await tx.reviewItem.updateMany({
      where: { id: input.itemId, status: "claimed", claimedById: input.reviewerId },
      data: { status: "pending", claimedById: null, claimedAt: null, leaseExpiresAt: null },
    });
    if (released.count === 0) throw conflict("You do not hold this item", "not_claimed");
    await recordEvent(tx, { itemId: input.itemId, type: "released", actorId: input.reviewerId, data: { reason: "released by holder" } });
  });
}

/** A supervisor takes an item away from whoever holds it and returns it to the queue. */
export async function forceReleaseItem(input: { itemId: string; actorId: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const [item] = await tx.$queryRaw<{ status: string; claimed_by_id: string | null }[]>`
      SELECT status, claimed_by_id FROM review_items WHERE id = ${input.itemId}::uuid FOR UPDATE`;
    if (!item) throw notFound("Review item");
    if (item.status !== "claimed") throw conflict("Nobody holds this item", "not_claimed");
    await tx.reviewItem.update({
      where: { id: input.itemId },
      data: { status: "pending", claimedById: null, claimedAt: null, leaseExpiresAt: null },
    });
    await recordEvent(tx, {
      itemId: input.itemId,
      type: "released",
      actorId: input.actorId,
      data: { reason: "force-released by supervisor", before: { holder: item.claimed_by_id }, after: { holder: null } },
    });
  });
}

/**
 * Reserves an open item for a named reviewer (or clears the reservation with assigneeId null).
 * Any current claim is released, so the assignee gets it next.
 */
export async function assignItem(input: { itemId: string; assigneeId: string | null; actorId: string; assigneeTiers?: ReviewTier[] }): Promise<void> {
  await db.$transaction(async (tx) => {
    const [item] = await tx.$queryRaw<{ status: string; tier: ReviewTier; assigned_to_id: string | null; claimed_by_id: string | null }[]>`
      SELECT status, tier, assigned_to_id, claimed_by_id FROM review_items WHERE id = ${input.itemId}::uuid FOR UPDATE`;
    if (!item) throw notFound("Review item");
    if (item.status === "decided") throw conflict("This item has already been decided", "already_decided");
    if (input.assigneeId && input.assigneeTiers && !input.assigneeTiers.includes(item.tier)) {
      throw conflict(`That reviewer's role cannot take ${item.tier} items`, "assignee_not_allowed");
    }
    if (input.assigneeId) {
      const decidedBefore = await tx.reviewDecision.count({ where: { itemId: input.itemId, reviewerId: input.assigneeId } });
      if (decidedBefore > 0) throw conflict("That reviewer has already decided this item; the next decision must come from someone else", "already_decided_by_assignee");
    }
    await tx.reviewItem.update({
      where: { id: input.itemId },
      data: { assignedToId: input.assigneeId, status: "pending", claimedById: null, claimedAt: null, leaseExpiresAt: null },
    });
    await recordEvent(tx, {
      itemId: input.itemId,
      type: "assigned",
      actorId: input.actorId,
      data: { before: { assignee: item.assigned_to_id, holder: item.claimed_by_id }, after: { assignee: input.assigneeId, holder: null } },
    });
  });
}
