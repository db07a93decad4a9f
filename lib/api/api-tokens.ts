import { createHash, randomBytes } from "node:crypto";
import { can, type Role, type Scope } from "../auth/permissions";
import { db } from "../db";
import type { ApiScope } from "./api-tokens-scopes";

export { apiScopeLabels, apiScopes, type ApiScope } from "./api-tokens-scopes";

/**
 * Scopes that act as the token's owner: the owner's role must allow the matching user
 * permission, checked on every request, so a demoted or deactivated owner's token stops acting
 * for them at once.
 */
const OWNER_PERMISSION: Partial<Record<ApiScope, Scope>> = {
  "settings:write": "settings:manage",
  "reviews:decide": "reviews:work",
};

export function hashApiToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function generateApiTokenSecret(): string {
  return `baton_${randomBytes(24).toString("base64url")}`;
}

export interface ApiCaller {
  tokenId: string;
  /** The scopes in force now: the token's, less any its owner's role no longer allows. */
  scopes: string[];
  owner: { id: string; name: string; role: Role } | null;
}

/** Whether a token owned by someone of `role` (or nobody) may carry `scope`. */
export function ownerAllowsScope(scope: string, owner: { role: Role } | null): boolean {
  const permission = OWNER_PERMISSION[scope as ApiScope];
  if (!permission) return true;
  return owner !== null && can(owner.role, permission);
}

/**
 * Looks up a bearer token by its hash; revoked and unknown tokens are the same: null. A token
 * whose owner was deactivated is dead too.
 */
export async function authenticateApiToken(secret: string): Promise<ApiCaller | null> {
  const token = await db.apiToken.findUnique({
    where: { tokenHash: hashApiToken(secret) },
    select: { id: true, scopes: true, revokedAt: true, owner: { select: { id: true, name: true, role: true, active: true } } },
  });
  if (!token || token.revokedAt) return null;
  if (token.owner && !token.owner.active) return null;
  // Best effort: a missed "last used" stamp is not worth failing a request for.
  void db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  const owner = token.owner ? { id: token.owner.id, name: token.owner.name, role: token.owner.role } : null;
  return { tokenId: token.id, scopes: token.scopes.filter((scope) => ownerAllowsScope(scope, owner)), owner };
}

/** Creates a token and returns its secret, which is shown once and stored only as a hash. */
export async function createApiToken(input: { name: string; scopes: ApiScope[]; ownerId?: string | null; secret?: string }): Promise<{ id: string; secret: string }> {
  const secret = input.secret ?? generateApiTokenSecret();
  const token = await db.apiToken.upsert({
    where: { tokenHash: hashApiToken(secret) },
    update: { name: input.name, scopes: input.scopes, revokedAt: null },
    create: { name: input.name, scopes: input.scopes, tokenHash: hashApiToken(secret), prefix: secret.slice(0, 10), ownerId: input.ownerId ?? null },
  });
  return { id: token.id, secret };
}

/** Revokes a token for good; returns false when it was already revoked. */
export async function revokeApiToken(id: string): Promise<boolean> {
  const result = await db.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  return result.count === 1;
}
