import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { UserFacingError } from "../errors";
import { logger } from "../logger";
import { getCurrentUser, type CurrentUser } from "./current-user";
import { can, type Scope } from "./permissions";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: "unauthenticated" | "forbidden" | "invalid" | "conflict" | "error"; error: string; fieldErrors?: Record<string, string[]> };

/**
 * Every server action goes through here. Server actions are public POST endpoints, so the
 * session and the scope are checked first, before the input is even parsed.
 */
export function authorizedAction<Schema extends z.ZodType, T>(
  scope: Scope,
  schema: Schema,
  handler: (input: z.infer<Schema>, user: CurrentUser) => Promise<T>,
): (input: unknown) => Promise<ActionResult<T>> {
  return async (input: unknown) => {
    const user = await getCurrentUser();
    if (!user) return { ok: false, code: "unauthenticated", error: "You are not signed in" };
    if (!can(user.role, scope)) return { ok: false, code: "forbidden", error: "You do not have permission to do this" };
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      return { ok: false, code: "invalid", error: z.prettifyError(parsed.error), fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]> };
    }
    try {
      return { ok: true, data: await handler(parsed.data, user) };
    } catch (error) {
      unstable_rethrow(error); // redirect() and notFound() are control flow, not failures
      if (error instanceof UserFacingError) return { ok: false, code: error.status === 409 ? "conflict" : "invalid", error: error.message };
      logger.error({ err: error, scope }, "server action failed");
      return { ok: false, code: "error", error: "Something went wrong. Please try again." };
    }
  };
}
