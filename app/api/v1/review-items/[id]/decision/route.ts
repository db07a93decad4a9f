// POST /api/v1/review-items/{id}/decision – approve, edit or reject an item the token's owner holds
import { apiRoute, readJsonBody } from "@/lib/api/api-route";
import { getReviewItemTier } from "@/lib/api/review-item-view";
import { reviewTiersFor } from "@/lib/auth/permissions";
import { UserFacingError } from "@/lib/errors";
import { recordDecision } from "@/lib/review/record-decision";
import { decisionSchema } from "@/lib/schemas/review";

export const POST = apiRoute<{ id: string }>("reviews:decide", async (request, { caller, params }) => {
  if (!caller.owner) throw new UserFacingError("This token has no owner to review as", 403, "forbidden");
  const tier = await getReviewItemTier(params.id);
  if (!reviewTiersFor(caller.owner.role).includes(tier as never)) throw new UserFacingError("The token's owner cannot decide this item", 403, "forbidden");
  const body = await readJsonBody(request);
  const parsed = decisionSchema.safeParse(body);
  if (!parsed.success) {
    return Response.json(
      { error: { code: "invalid_decision", message: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") } },
      { status: 422 },
    );
  }
  // Same rules as the review page: the owner must hold the item with a live lease; a repeated
  // identical decision is a no-op, a different one a 409.
  const result = await recordDecision({ itemId: params.id, reviewerId: caller.owner.id, decision: parsed.data });
  return Response.json({ itemId: result.itemId, runId: result.runId, recorded: result.recorded, outcome: result.outcome, decidedBy: { id: caller.owner.id, name: caller.owner.name } });
});
