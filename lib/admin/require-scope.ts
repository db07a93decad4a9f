import type { CurrentUser } from "../auth/current-user";
import { can, type Scope } from "../auth/permissions";
import { UserFacingError } from "../errors";

export type Actor = Pick<CurrentUser, "id" | "role">;

/**
 * The admin functions check their caller's scope themselves, beside the server action's own
 * check: a second caller (a script, a future route) cannot forget it, and tests can prove it.
 */
export function requireScope(actor: Actor, scope: Scope): void {
  if (!can(actor.role, scope)) throw new UserFacingError("You do not have permission to do this", 403, "forbidden");
}
