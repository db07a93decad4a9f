import Link from "next/link";
import { BrandMark } from "./brand-mark";
import { NavLinks, type NavItem } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

export function AppHeader({
  user,
  nav,
  notifications,
}: {
  user: { name: string; email: string; roleLabel: string };
  nav: NavItem[];
  /** The notification bell, when the user gets notifications. */
  notifications?: React.ReactNode;
}) {
  return (
    <header className="sticky top-0 z-10 border-b border-zinc-200 bg-white/90 backdrop-blur">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-1 px-4 py-2 sm:px-6">
        <Link href="/" className="rounded-md py-1" aria-label="Baton home">
          <BrandMark />
        </Link>
        <nav aria-label="Main" className="order-3 -mx-1 w-full overflow-x-auto sm:order-none sm:w-auto">
          <NavLinks items={nav} />
        </nav>
        <div className="ml-auto flex items-center gap-3">
          {notifications}
          <div className="text-right leading-tight" title={user.email}>
            <div className="font-medium text-zinc-900">{user.name}</div>
            <div className="text-xs text-zinc-500">{user.roleLabel}</div>
          </div>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
