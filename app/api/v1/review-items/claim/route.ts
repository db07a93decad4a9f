// POST /api/v1/review-items/claim – claim the next review item for the token's owner (an outside review tool acting as a reviewer)
import { apiRoute } from "@/lib/api/api-route";
import { getReviewItemApiView } from "@/lib/api/review-item-view";
import { reviewTiersFor } from "@/lib/auth/permissions";
import { UserFacingError } from "@/lib/errors";
import { claimNextItem } from "@/lib/review/claim-next-item";

export const POST = apiRoute("reviews:decide", async (_request, { caller }) => {
  if (!caller.owner) throw new UserFacingError("This token has no owner to review as", 403, "forbidden");
  // The same claim as the queue's "Review next item": the owner's tiers, priority then SLA, a lease.
  const claimed = await claimNextItem({ reviewerId: caller.owner.id, tiers: reviewTiersFor(caller.owner.role) });
  if (!claimed) return Response.json({ item: null });
  return Response.json({ item: await getReviewItemApiView(claimed.id), alreadyHeld: claimed.alreadyHeld });
});
