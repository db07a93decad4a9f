"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { authorizedAction } from "@/lib/auth/authorized-action";
import { reviewTiersFor } from "@/lib/auth/permissions";
import { claimNextItem } from "@/lib/review/claim-next-item";

/** "Review next item": claims the most urgent item the reviewer may take and opens it. */
export const claimNextItemAction = authorizedAction("reviews:work", z.object({}).strict(), async (_input, user) => {
  const item = await claimNextItem({ reviewerId: user.id, tiers: reviewTiersFor(user.role) });
  if (!item) return { claimed: false as const };
  redirect(`/review/${item.id}`);
});
