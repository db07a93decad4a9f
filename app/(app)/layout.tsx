import { AppHeader } from "@/components/shell/app-header";
import type { NavItem } from "@/components/shell/nav-links";
import { getCurrentUser } from "@/lib/auth/current-user";
import { can, roleLabels, type Scope } from "@/lib/auth/permissions";

const NAV: (NavItem & { scope: Scope })[] = [
  { href: "/queue", label: "Queue", scope: "reviews:work" },
  { href: "/runs", label: "Runs", scope: "runs:view" },
  { href: "/dashboard", label: "Dashboard", scope: "dashboard:view" },
  { href: "/admin/settings", label: "Settings", scope: "settings:manage" },
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
  return (
    <div className="min-h-dvh">
      <AppHeader user={{ name: user.name, email: user.email, roleLabel: roleLabels[user.role] }} nav={nav} />
      <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6">{children}</main>
    </div>
  );
}
