"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorizedAction } from "@/lib/auth/authorized-action";
import { countUnreadNotifications } from "@/lib/notifications/find-notifications";
import { markNotificationsRead } from "@/lib/notifications/mark-notifications-read";
import { readRoleFeedSeenAt, writeRoleFeedSeenAt } from "./role-feed";

// Notifications are about review items (breaches, escalations, assignments), so reading them
// takes the scope every reviewing role has: reviews:work.

/** The bell's poll (every 15 s). */
export const unreadNotificationCountAction = authorizedAction("reviews:work", z.object({}).strict(), async (_input, user) =>
  countUnreadNotifications({ userId: user.id, role: user.role, roleFeedSeenAt: await readRoleFeedSeenAt(user.id) }),
);

// The page sends the moment it was rendered: what arrives after that is still new. A time in the
// future is clamped to now, so a forged value cannot hide tomorrow's notifications.
const shownAtInput = z.object({ shownAt: z.iso.datetime() });
const clampToNow = (iso: string) => new Date(Math.min(new Date(iso).getTime(), Date.now()));

/** The notifications page was seen: role notifications up to then are no longer new. */
export const markRoleFeedSeenAction = authorizedAction("reviews:work", shownAtInput, async ({ shownAt }, user) => {
  await writeRoleFeedSeenAt(user.id, clampToNow(shownAt));
  return { seen: true };
});

/** "Mark all read": the user's own notifications up to what the page showed, and the role feed. */
export const markAllNotificationsReadAction = authorizedAction("reviews:work", shownAtInput, async ({ shownAt }, user) => {
  const upTo = clampToNow(shownAt);
  const marked = await markNotificationsRead({ userId: user.id, upTo });
  await writeRoleFeedSeenAt(user.id, upTo);
  revalidatePath("/notifications");
  return { marked };
});
