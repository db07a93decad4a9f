import type { ReviewTier } from "../engine/route-gate";

export const roles = ["reviewer", "senior_reviewer", "supervisor", "admin"] as const;
export type Role = (typeof roles)[number];

export type Scope =
  | "reviews:work" // claim and decide review items
  | "reviews:senior" // take items reserved for senior reviewers
  | "reviews:tie_break" // settle four-eyes disagreements
  | "reviews:supervise" // see who holds what, force-release and assign items
  | "runs:view" // browse runs and their timelines
  | "dashboard:view" // the supervisor dashboard
  | "settings:manage" // gate thresholds and SLAs, threshold calibration
  | "audit:view" // the decision audit trail and its exports
  | "users:manage" // create users, change roles, deactivate accounts
  | "tokens:manage"; // issue and revoke API tokens

// One map says who may do what; pages, actions and routes all ask `can`.
const scopesByRole: Record<Role, readonly Scope[]> = {
  reviewer: ["reviews:work", "runs:view"],
  senior_reviewer: ["reviews:work", "reviews:senior", "runs:view"],
  supervisor: ["reviews:work", "reviews:senior", "reviews:tie_break", "reviews:supervise", "runs:view", "dashboard:view", "audit:view"],
  admin: [
    "reviews:work",
    "reviews:senior",
    "reviews:tie_break",
    "reviews:supervise",
    "runs:view",
    "dashboard:view",
    "settings:manage",
    "audit:view",
    "users:manage",
    "tokens:manage",
  ],
};

export function can(role: Role, scope: Scope): boolean {
  return scopesByRole[role].includes(scope);
}

/** Review tiers a role may claim from. */
export function reviewTiersFor(role: Role): ReviewTier[] {
  if (!can(role, "reviews:work")) return [];
  const tiers: ReviewTier[] = ["standard"];
  if (can(role, "reviews:senior")) tiers.push("senior");
  if (can(role, "reviews:tie_break")) tiers.push("supervisor");
  return tiers;
}

export const roleLabels: Record<Role, string> = {
  reviewer: "Reviewer",
  senior_reviewer: "Senior reviewer",
  supervisor: "Supervisor",
  admin: "Admin",
};
