import type { Metadata } from "next";
import { NotificationList, type NotificationView } from "@/components/notifications/notification-list";
import { RoleFeedSeen } from "@/components/notifications/role-feed-seen";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageAccess } from "@/lib/auth/current-user";
import { can, reviewTiersFor, roleLabels } from "@/lib/auth/permissions";
import { findNotifications, NOTIFICATION_WINDOW_DAYS } from "@/lib/notifications/find-notifications";
import { markAllNotificationsReadAction, markRoleFeedSeenAction } from "./actions";
import { readRoleFeedSeenAt } from "./role-feed";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const user = await requirePageAccess("reviews:work", "/notifications");
  const now = new Date();
  const roleFeedSeenAt = await readRoleFeedSeenAt(user.id);
  const { entries, hasMore } = await findNotifications({ userId: user.id, role: user.role, roleFeedSeenAt, now });

  const tiers = reviewTiersFor(user.role);
  const supervises = can(user.role, "reviews:supervise");
  const views: NotificationView[] = entries.map((entry) => ({
    id: entry.id,
    title: entry.title,
    body: entry.body,
    createdAt: entry.createdAt.toISOString(),
    isNew: entry.isNew,
    audience: entry.audience === "you" ? "To you" : `To all ${roleLabels[entry.role ?? user.role].toLowerCase()}s`,
    // The item's page where this person may open it; the supervise page for open items they may hand out.
    reviewHref: entry.item && tiers.includes(entry.item.tier) ? `/review/${entry.item.id}` : null,
    superviseHref: entry.item && entry.item.status !== "decided" && supervises ? `/supervise#item-${entry.item.id}` : null,
  }));

  return (
    <>
      {/* Visiting the page is what "seen" means for role notifications (see find-notifications.ts). */}
      <RoleFeedSeen shownAt={now.toISOString()} markSeen={markRoleFeedSeenAction} />
      <PageHeader
        title="Notifications"
        description={`The last ${NOTIFICATION_WINDOW_DAYS} days: addressed to you, or to everyone with your role (${roleLabels[user.role]}).`}
      />
      <NotificationList
        key={user.id}
        notifications={views}
        hasMore={hasMore}
        shownAt={now.toISOString()}
        serverNow={now.getTime()}
        markAllRead={markAllNotificationsReadAction}
      />
    </>
  );
}
