import { createHash, randomBytes } from "node:crypto";
import { db } from "../db";

export type ApiScope = "runs:write" | "runs:read";

export function hashApiToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function generateApiTokenSecret(): string {
  return `baton_${randomBytes(24).toString("base64url")}`;
}

export interface ApiCaller {
  tokenId: string;
  scopes: string[];
}

/** Looks up a bearer token by its hash; revoked and unknown tokens are the same: null. */
export async function authenticateApiToken(secret: string): Promise<ApiCaller | null> {
  const token = await db.apiToken.findUnique({ where: { tokenHash: hashApiToken(secret) }, select: { id: true, scopes: true, revokedAt: true } });
  if (!token || token.revokedAt) return null;
  // Best effort: a missed "last used" stamp is not worth failing a request for.
  void db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  return { tokenId: token.id, scopes: token.scopes };
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
