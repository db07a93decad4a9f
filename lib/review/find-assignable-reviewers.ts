import "server-only";
import { reviewTiersFor, type Role } from "../auth/permissions";
import { db } from "../db";
import type { ReviewTier } from "../engine/route-gate";
import { conflict, notFound } from "../errors";

export interface AssignableReviewer {
  id: string;
  name: string;
  role: Role;
  /** The tiers this person's role may take: an item can only be assigned within them. */
  tiers: ReviewTier[];
}

/** Active people who may review at all, by name: the choices of a supervisor's "Assign to…". */
export async function findAssignableReviewers(): Promise<AssignableReviewer[]> {
  const users = await db.user.findMany({ where: { active: true }, orderBy: [{ name: "asc" }, { id: "asc" }], select: { id: true, name: true, role: true } });
  return users.map((user) => ({ ...user, tiers: reviewTiersFor(user.role) })).filter((user) => user.tiers.length > 0);
}

/** The person an item is about to be assigned to, refused when unknown, deactivated or unable to review. */
export async function getAssignableReviewer(id: string): Promise<AssignableReviewer> {
  const user = await db.user.findUnique({ where: { id }, select: { id: true, name: true, role: true, active: true } });
  if (!user) throw notFound("That reviewer");
  if (!user.active) throw conflict(`${user.name} is deactivated and cannot be given items`, "assignee_inactive");
  const tiers = reviewTiersFor(user.role);
  if (tiers.length === 0) throw conflict(`${user.name} does not review items`, "assignee_not_allowed");
  return { id: user.id, name: user.name, role: user.role, tiers };
}
