// POST, DELETE /api/v1/review-items/{id}/lease – keep the claim the token's owner holds (renew its lease), or hand the item back undecided
import { apiRoute } from "@/lib/api/api-route";
import { getReviewItemTier } from "@/lib/api/review-item-view";
import { UserFacingError } from "@/lib/errors";
import { releaseItem, renewLease } from "@/lib/review/manage-claims";

function ownerOf(caller: { owner: { id: string } | null }): string {
  if (!caller.owner) throw new UserFacingError("This token has no owner to review as", 403, "forbidden");
  return caller.owner.id;
}

export const POST = apiRoute<{ id: string }>("reviews:decide", async (_request, { caller, params }) => {
  const reviewerId = ownerOf(caller);
  await getReviewItemTier(params.id); // 404 for unknown and malformed ids
  const leaseExpiresAt = await renewLease({ itemId: params.id, reviewerId });
  return Response.json({ itemId: params.id, leaseExpiresAt: leaseExpiresAt.toISOString() });
});

export const DELETE = apiRoute<{ id: string }>("reviews:decide", async (_request, { caller, params }) => {
  const reviewerId = ownerOf(caller);
  await getReviewItemTier(params.id);
  await releaseItem({ itemId: params.id, reviewerId });
  return new Response(null, { status: 204 });
});
