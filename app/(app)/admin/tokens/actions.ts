"use server";

import { revalidatePath } from "next/cache";
import { issueApiToken, revokeToken } from "@/lib/admin/manage-api-tokens";
import { authorizedAction } from "@/lib/auth/authorized-action";
import { createApiTokenSchema, revokeApiTokenSchema } from "@/lib/schemas/admin";

/** Returns the secret once; only its SHA-256 is stored. */
export const createApiTokenAction = authorizedAction("tokens:manage", createApiTokenSchema, async (input, user) => {
  const token = await issueApiToken(input, user);
  revalidatePath("/admin/tokens");
  return token;
});

export const revokeApiTokenAction = authorizedAction("tokens:manage", revokeApiTokenSchema, async (input, user) => {
  await revokeToken(input, user);
  revalidatePath("/admin/tokens");
  return { tokenId: input.tokenId };
});
