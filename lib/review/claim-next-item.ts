import { sqlQuery } from "../db";
import { env } from "../env";
import type { ReviewTier } from "../engine/route-gate";

/**
 * Gives the reviewer the next item they may take, in one round trip:
 * 1. the item they already hold, if its lease is still good;
 * 2. else the most urgent pending item assigned to them by name;
 * 3. else the most urgent pending item of a tier they may take, unassigned, that they have not
 *    decided before (four eyes: the second decision must come from someone else).
 * "Most urgent" is priority, then SLA deadline. SKIP LOCKED lets concurrent claimers pass over
 * each other's rows, so two reviewers never get the same item. Returns null on an empty queue.
 */
export async function claimNextItem(input: {
  reviewerId: string;
  tiers: ReviewTier[];
  leaseSeconds?: number;
}): Promise<{ id: string; alreadyHeld: boolean } | null> {
  const leaseSeconds = input.leaseSeconds ?? env().BATON_REVIEW_LEASE_SECONDS;
  const rows = await sqlQuery<{ id: string; already_held: boolean }>("baton_claim_next_item", CLAIM_NEXT_ITEM, [input.reviewerId, input.tiers, leaseSeconds]);
  const row = rows[0];
  return row ? { id: row.id, alreadyHeld: row.already_held } : null;
}

// A claim is a lease, not a decision: its commit does not wait for the WAL flush (synchronous_commit
// off for this one transaction, set from inside the statement). A crash can then forget the last
// fraction of a second of claims: those items are simply back in the queue, their holders are told
// so when they decide, and nothing can be claimed twice — the database stays consistent, and every
// decision's commit flushes the claims before it. What it buys is the claim's latency: no wait for
// the disk, whose flush tails (several ms on this kind of machine) were the claim's p99.
const COMMIT_WITHOUT_FLUSH = `set_config('synchronous_commit', 'off', true) IS NOT NULL`;

// $1 reviewer, $2 tiers they may take, $3 lease seconds. A prepared statement: this runs on every
// "next item" click, and its plan (three index scans) is made once per connection.
const CLAIM_NEXT_ITEM = `
  WITH held AS (
    SELECT id FROM review_items
    WHERE status = 'claimed' AND claimed_by_id = $1::uuid AND lease_expires_at > now()
    ORDER BY priority, sla_due_at
    LIMIT 1
  ), assigned AS (
    SELECT id FROM review_items
    WHERE status = 'pending' AND assigned_to_id = $1::uuid AND tier = ANY($2::review_tier[])
      AND NOT EXISTS (SELECT 1 FROM held)
    ORDER BY priority, sla_due_at
    LIMIT 1
    FOR UPDATE SKIP LOCKED
  ), open AS (
    SELECT id FROM review_items AS item
    WHERE status = 'pending' AND tier = ANY($2::review_tier[]) AND assigned_to_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM review_decisions AS d WHERE d.item_id = item.id AND d.reviewer_id = $1::uuid)
      AND NOT EXISTS (SELECT 1 FROM held) AND NOT EXISTS (SELECT 1 FROM assigned)
    ORDER BY priority, sla_due_at
    LIMIT 1
    FOR UPDATE SKIP LOCKED
  ), claimed AS (
    UPDATE review_items AS item
    SET status = 'claimed', claimed_by_id = $1::uuid, claimed_at = now(),
        lease_expires_at = now() + make_interval(secs => $3::int)
    WHERE item.id IN (SELECT id FROM assigned UNION ALL SELECT id FROM open)
    RETURNING item.id
  ), logged AS (
    INSERT INTO review_events (item_id, type, actor_id, data)
    SELECT id, 'claimed', $1::uuid, jsonb_build_object('leaseSeconds', $3::int) FROM claimed
  )
  SELECT id::text, true AS already_held FROM held
  UNION ALL
  SELECT id::text, false AS already_held FROM claimed WHERE ${COMMIT_WITHOUT_FLUSH}`;
