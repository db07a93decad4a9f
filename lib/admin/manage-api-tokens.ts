import { createApiToken, ownerAllowsScope, revokeApiToken } from "../api/api-tokens";
import { apiScopeLabels, type ApiScope } from "../api/api-tokens-scopes";
import { db } from "../db";
import { invalid, notFound } from "../errors";
import type { CreateApiTokenInput } from "../schemas/admin";
import { requireScope, type Actor } from "./require-scope";

export interface ApiTokenRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  owner: { id: string; name: string; email: string; active: boolean } | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function findApiTokens(actor: Actor): Promise<ApiTokenRow[]> {
  requireScope(actor, "tokens:manage");
  return db.apiToken.findMany({
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    select: { id: true, name: true, prefix: true, scopes: true, createdAt: true, lastUsedAt: true, revokedAt: true, owner: { select: { id: true, name: true, email: true, active: true } } },
  });
}

/**
 * Issues a token. The secret is returned once and stored only as its SHA-256. Scopes that act as
 * a person (deciding reviews, changing settings) need an owner whose role allows that.
 */
export async function issueApiToken(input: CreateApiTokenInput, actor: Actor): Promise<{ id: string; secret: string }> {
  requireScope(actor, "tokens:manage");
  const owner = input.ownerId ? await db.user.findUnique({ where: { id: input.ownerId }, select: { id: true, role: true, active: true } }) : null;
  if (input.ownerId && !owner) throw notFound("Owner");
  if (owner && !owner.active) throw invalid("The owner's account is deactivated", "owner_inactive");
  const refused = input.scopes.filter((scope) => !ownerAllowsScope(scope, owner));
  if (refused.length > 0) {
    throw invalid(`${refused.map((s) => `"${apiScopeLabels[s as ApiScope]}"`).join(" and ")} needs an owner whose role allows it`, "scope_needs_owner");
  }
  return createApiToken({ name: input.name, scopes: input.scopes, ownerId: owner?.id ?? null });
}

export async function revokeToken(input: { tokenId: string }, actor: Actor): Promise<void> {
  requireScope(actor, "tokens:manage");
  const exists = await db.apiToken.count({ where: { id: input.tokenId } });
  if (exists === 0) throw notFound("API token");
  await revokeApiToken(input.tokenId);
}
