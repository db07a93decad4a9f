import { NavLinks } from "@/components/shell/nav-links";
import { getCurrentUser } from "@/lib/auth/current-user";
import { can, type Scope } from "@/lib/auth/permissions";

const ADMIN_NAV: { href: string; label: string; scope: Scope }[] = [
  { href: "/admin/settings", label: "Gate settings", scope: "settings:manage" },
  { href: "/admin/calibration", label: "Calibration", scope: "settings:manage" },
  { href: "/admin/audit", label: "Audit", scope: "audit:view" },
  { href: "/admin/users", label: "Users", scope: "users:manage" },
  { href: "/admin/tokens", label: "API tokens", scope: "tokens:manage" },
];

/** The admin area's sub-navigation. Only links: every page checks its own access. */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  const items = user ? ADMIN_NAV.filter((item) => can(user.role, item.scope)).map(({ href, label }) => ({ href, label })) : [];
  return (
    <>
      {items.length > 1 ? (
        <nav aria-label="Administration" className="-mt-2 mb-5 border-b border-zinc-200 pb-2">
          <NavLinks items={items} />
        </nav>
      ) : null}
      {children}
    </>
  );
}
