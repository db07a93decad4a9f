"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorizedAction } from "@/lib/auth/authorized-action";
import { getAssignableReviewer } from "@/lib/review/find-assignable-reviewers";
import { assignItem, forceReleaseItem } from "@/lib/review/manage-claims";

const itemInput = z.object({ itemId: z.uuid() });
const assignInput = z.object({ itemId: z.uuid(), assigneeId: z.uuid().nullable() });

/** Takes an item away from whoever holds it and returns it to the queue. */
export const forceReleaseItemAction = authorizedAction("reviews:supervise", itemInput, async ({ itemId }, user) => {
  await forceReleaseItem({ itemId, actorId: user.id });
  revalidatePath("/supervise");
  return { released: true };
});

/**
 * Reserves an item for a named reviewer (releasing any current claim), or clears the reservation
 * with assigneeId null. The assignee's role must be able to take the item's tier.
 */
export const assignItemAction = authorizedAction("reviews:supervise", assignInput, async ({ itemId, assigneeId }, user) => {
  const assignee = assigneeId ? await getAssignableReviewer(assigneeId) : null;
  await assignItem({ itemId, assigneeId, actorId: user.id, assigneeTiers: assignee?.tiers });
  revalidatePath("/supervise");
  return { assigneeId };
});
