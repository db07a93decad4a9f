import { db } from "../db";

/** Returns abandoned items (lease expired, not decided) to the queue. Run by the maintenance worker. */
export async function releaseExpiredLeases(now = new Date()): Promise<number> {
  const released = await db.$queryRaw<{ id: string; claimed_by_id: string }[]>`
    UPDATE review_items AS item
    SET status = 'pending', claimed_by_id = NULL, claimed_at = NULL, lease_expires_at = NULL
    FROM (
      SELECT id, claimed_by_id FROM review_items
      WHERE status = 'claimed' AND lease_expires_at < ${now}
      FOR UPDATE SKIP LOCKED
    ) AS expired
    WHERE item.id = expired.id
    RETURNING item.id, expired.claimed_by_id`;
  if (released.length > 0) {
    await db.reviewEvent.createMany({
      data: released.map((row) => ({ itemId: row.id, type: "released", data: { reason: "lease expired", previousHolder: row.claimed_by_id } })),
    });
  }
  return released.length;
}
