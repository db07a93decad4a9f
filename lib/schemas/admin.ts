import { z } from "zod";
import { apiScopes } from "../api/api-tokens-scopes";
import { roles } from "../auth/permissions";

export const MIN_PASSWORD_LENGTH = 12;

// Shared by the admin forms and the server actions behind them.
export const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid e-mail address").max(200),
  name: z.string().trim().min(1, "Enter a name").max(100, "Keep the name under 100 characters"),
  role: z.enum(roles, { error: "Pick a role" }),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(200, "Keep the password under 200 characters"),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const changeRoleSchema = z.object({ userId: z.string().uuid(), role: z.enum(roles, { error: "Pick a role" }) });
export const setUserActiveSchema = z.object({ userId: z.string().uuid(), active: z.boolean() });

export const createApiTokenSchema = z.object({
  name: z.string().trim().min(1, "Name the token (what uses it?)").max(100, "Keep the name under 100 characters"),
  scopes: z.array(z.enum(apiScopes)).min(1, "Pick at least one scope"),
  ownerId: z.preprocess((v) => (v === "" ? null : v), z.string().uuid().nullable().optional()),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenSchema>;

export const revokeApiTokenSchema = z.object({ tokenId: z.string().uuid() });
