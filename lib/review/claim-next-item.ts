import { db } from "../db";
import { env } from "../env";
import type { ReviewTier } from "../engine/route-gate";
import { recordEvent } from "./record-event";

/**
 * Gives the reviewer the next item they may take: the one they already hold, if its lease is
 * still good, else the most urgent pending item (priority, then SLA deadline). SKIP LOCKED lets
 * concurrent claimers pass over each other's rows, so two reviewers never get the same item.
 * Returns null when the queue has nothing for them.
 */
export async function claimNextItem(input: {
  reviewerId: string;
  tiers: ReviewTier[];
  leaseSeconds?: number;
}): Promise<{ id: string } | null> {
  const leaseSeconds = input.leaseSeconds ?? env().BATON_REVIEW_LEASE_SECONDS;
  return db.$transaction(async (tx) => {
    const held = await tx.reviewItem.findFirst({
      where: { status: "claimed", claimedById: input.reviewerId, leaseExpiresAt: { gt: new Date() } },
      orderBy: [{ priority: "asc" }, { slaDueAt: "asc" }],
      select: { id: true },
    });
    if (held) return held;

    const claimed = await tx.$queryRaw<{ id: string }[]>`
      WITH next AS (
        SELECT id FROM review_items
        WHERE status = 'pending' AND tier = ANY(${input.tiers}::review_tier[])
        ORDER BY priority, sla_due_at
        LIMIT 1
        FOR UPDATE SKIP LOCKED
      )
      UPDATE review_items AS item
      SET status = 'claimed', claimed_by_id = ${input.reviewerId}::uuid, claimed_at = now(),
          lease_expires_at = now() + make_interval(secs => ${leaseSeconds})
      FROM next WHERE item.id = next.id
      RETURNING item.id`;
    const item = claimed[0];
    if (!item) return null;
    await recordEvent(tx, { itemId: item.id, type: "claimed", actorId: input.reviewerId, data: { leaseSeconds } });
    return item;
  });
}
