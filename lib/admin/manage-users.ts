import { hashPassword } from "../auth/password";
import type { Role } from "../auth/permissions";
import { db, Prisma } from "../db";
import { conflict, notFound } from "../errors";
import type { CreateUserInput } from "../schemas/admin";
import { requireScope, type Actor } from "./require-scope";

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt: Date;
  activeTokens: number;
}

export async function findUsers(actor: Actor): Promise<UserRow[]> {
  requireScope(actor, "users:manage");
  const users = await db.user.findMany({
    orderBy: [{ active: "desc" }, { name: "asc" }],
    select: { id: true, email: true, name: true, role: true, active: true, createdAt: true, _count: { select: { apiTokens: { where: { revokedAt: null } } } } },
  });
  return users.map(({ _count, ...user }) => ({ ...user, activeTokens: _count.apiTokens }));
}

/** Creates an account with a scrypt hash of its first password. E-mails are unique. */
export async function createUser(input: CreateUserInput, actor: Actor): Promise<{ id: string }> {
  requireScope(actor, "users:manage");
  try {
    const user = await db.user.create({
      data: { email: input.email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password) },
      select: { id: true },
    });
    return user;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw conflict("An account with this e-mail already exists", "email_taken");
    throw error;
  }
}

/**
 * Changes a role; it applies on the user's next request (the session carries only the user id).
 * Nobody changes their own role, and the last active admin stays an admin.
 */
export async function changeUserRole(input: { userId: string; role: Role }, actor: Actor): Promise<void> {
  requireScope(actor, "users:manage");
  if (input.userId === actor.id) throw conflict("You cannot change your own role: ask another admin", "own_account");
  await db.$transaction(async (tx) => {
    const user = await lockUser(tx, input.userId);
    if (user.role === "admin" && input.role !== "admin" && user.active) await requireAnotherAdmin(tx, user.id);
    await tx.user.update({ where: { id: user.id }, data: { role: input.role } });
  });
}

/** Deactivates (or reactivates) an account: a deactivated user is signed out on their next request and their API tokens stop working. */
export async function setUserActive(input: { userId: string; active: boolean }, actor: Actor): Promise<void> {
  requireScope(actor, "users:manage");
  if (input.userId === actor.id && !input.active) throw conflict("You cannot deactivate your own account", "own_account");
  await db.$transaction(async (tx) => {
    const user = await lockUser(tx, input.userId);
    if (!input.active && user.role === "admin" && user.active) await requireAnotherAdmin(tx, user.id);
    await tx.user.update({ where: { id: user.id }, data: { active: input.active } });
    // Items the user holds go back to the queue at once rather than when the lease runs out.
    if (!input.active) {
      await tx.reviewItem.updateMany({
        where: { status: "claimed", claimedById: user.id },
        data: { status: "pending", claimedById: null, claimedAt: null, leaseExpiresAt: null },
      });
    }
  });
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

async function lockUser(tx: Tx, userId: string): Promise<{ id: string; role: Role; active: boolean }> {
  // Admin changes lock the admin rows, so two admins demoting each other at once cannot both win.
  await tx.$queryRaw`SELECT id FROM users WHERE role = 'admin' FOR UPDATE`;
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, role: true, active: true } });
  if (!user) throw notFound("User");
  return user;
}

async function requireAnotherAdmin(tx: Tx, userId: string): Promise<void> {
  const others = await tx.user.count({ where: { role: "admin", active: true, id: { not: userId } } });
  if (others === 0) throw conflict("This is the last active admin: make someone else an admin first", "last_admin");
}
