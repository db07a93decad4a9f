import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "../db";
import { authOptions } from "./auth-options";
import { can, type Role, type Scope } from "./permissions";

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/**
 * The signed-in, active user, fresh from the database; null when signed out or deactivated.
 * Cached per request: the layout and the page both ask.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = (await getServerSession(authOptions)) as { userId?: string } | null;
  if (!session?.userId) return null;
  const user = await db.user.findUnique({ where: { id: session.userId }, select: { id: true, email: true, name: true, role: true, active: true } });
  if (!user?.active) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
});

/** For pages: signed-out users go to sign-in, users without the scope to /forbidden. */
export async function requirePageAccess(scope: Scope, callbackPath: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(callbackPath)}`);
  if (!can(user.role, scope)) redirect("/forbidden");
  return user;
}
