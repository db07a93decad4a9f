import { NotificationBell } from "@/components/notifications/notification-bell";
import { AppHeader } from "@/components/shell/app-header";
import type { NavItem } from "@/components/shell/nav-links";
import { getCurrentUser } from "@/lib/auth/current-user";
import { can, roleLabels, type Scope } from "@/lib/auth/permissions";
import { countUnreadNotifications } from "@/lib/notifications/find-notifications";
import { unreadNotificationCountAction } from "./notifications/actions";
import { readRoleFeedSeenAt } from "./notifications/role-feed";

const NAV: (NavItem & { scope: Scope })[] = [
  { href: "/queue", label: "Queue", scope: "reviews:work" },
  { href: "/runs", label: "Runs", scope: "runs:view" },
  { href: "/dashboard", label: "Dashboard", scope: "dashboard:view" },
  { href: "/supervise", label: "Supervise", scope: "reviews:supervise" },
  { href: "/admin/settings", label: "Settings", scope: "settings:manage" },
  { href: "/admin/audit", label: "Audit", scope: "audit:view" },
];

/**
 * The signed-in shell. It only decides what the nav shows: each page checks access itself,
 * because a layout does not re-render on every navigation and is no place for authorization.
 */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  // Signed out (or deactivated): render the page alone; it redirects to sign-in with its own path.
  if (!user) return <>{children}</>;
  const nav = NAV.filter((item) => can(user.role, item.scope)).map(({ href, label }) => ({ href, label }));
  // The same scope as the notifications page and its actions (see notifications/actions.ts).
  const unread = can(user.role, "reviews:work")
    ? await countUnreadNotifications({ userId: user.id, role: user.role, roleFeedSeenAt: await readRoleFeedSeenAt(user.id) })
    : null;
  // Keyed by the count: when a server render brings a new count, the bell starts from it.
  const bell = unread === null ? null : <NotificationBell key={unread} initialCount={unread} fetchCount={unreadNotificationCountAction} />;
  return (
    <div className="min-h-dvh">
      <AppHeader user={{ name: user.name, email: user.email, roleLabel: roleLabels[user.role] }} nav={nav} notifications={bell} />
      <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6">{children}</main>
    </div>
  );
}
