"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { authorizedAction } from "@/lib/auth/authorized-action";
import type { CurrentUser } from "@/lib/auth/current-user";
import { reviewTiersFor } from "@/lib/auth/permissions";
import { UserFacingError } from "@/lib/errors";
import { getReviewItem } from "@/lib/review/get-review-item";
import { releaseItem, renewLease } from "@/lib/review/manage-claims";
import { recordDecision } from "@/lib/review/record-decision";
import { decisionSchema } from "@/lib/schemas/review";

const itemInput = z.object({ itemId: z.string().uuid() });
const decideReviewItemInput = z.object({ itemId: z.string().uuid(), decision: decisionSchema });

/**
 * recordDecision already requires the caller to hold the claim, and claims are limited to the
 * caller's tiers; this also covers a reviewer whose role changed while holding an item.
 */
async function requireTier(itemId: string, user: CurrentUser): Promise<void> {
  const item = await getReviewItem(itemId);
  if (!reviewTiersFor(user.role).includes(item.tier)) throw new UserFacingError("Your role cannot decide this item", 403, "forbidden");
}

/** Approve, edit or reject the item the reviewer holds; then back to the queue with a confirmation. */
export const decideReviewItemAction = authorizedAction("reviews:work", decideReviewItemInput, async ({ itemId, decision }, user) => {
  await requireTier(itemId, user);
  await recordDecision({ itemId, reviewerId: user.id, decision });
  redirect(`/queue?decided=${itemId}`);
});

/** Called by the open review page to keep the reviewer's claim while they work on it. */
export const renewReviewLeaseAction = authorizedAction("reviews:work", itemInput, async ({ itemId }, user) => {
  const leaseExpiresAt = await renewLease({ itemId, reviewerId: user.id });
  return { leaseExpiresAt: leaseExpiresAt.toISOString() };
});

/** The holder hands the item back to the queue undecided. */
export const releaseReviewItemAction = authorizedAction("reviews:work", itemInput, async ({ itemId }, user) => {
  await releaseItem({ itemId, reviewerId: user.id });
  redirect("/queue");
});
