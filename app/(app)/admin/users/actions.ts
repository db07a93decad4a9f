"use server";

import { revalidatePath } from "next/cache";
import { changeUserRole, createUser, setUserActive } from "@/lib/admin/manage-users";
import { authorizedAction } from "@/lib/auth/authorized-action";
import { changeRoleSchema, createUserSchema, setUserActiveSchema } from "@/lib/schemas/admin";

export const createUserAction = authorizedAction("users:manage", createUserSchema, async (input, user) => {
  const created = await createUser(input, user);
  revalidatePath("/admin/users");
  return created;
});

/** Applies on the user's next request: sessions carry only the user id (lib/auth/current-user.ts). */
export const changeUserRoleAction = authorizedAction("users:manage", changeRoleSchema, async (input, user) => {
  await changeUserRole(input, user);
  revalidatePath("/admin/users");
  return { userId: input.userId, role: input.role };
});

export const setUserActiveAction = authorizedAction("users:manage", setUserActiveSchema, async (input, user) => {
  await setUserActive(input, user);
  revalidatePath("/admin/users");
  return { userId: input.userId, active: input.active };
});
