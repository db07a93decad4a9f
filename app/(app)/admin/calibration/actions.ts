"use server";

import { revalidatePath } from "next/cache";
import { applyAutoThreshold } from "@/lib/admin/apply-gate-settings";
import { authorizedAction } from "@/lib/auth/authorized-action";
import { applyThresholdSchema } from "@/lib/schemas/gate-settings";

/** Applies a recommended or hand-set auto threshold as a new settings version. */
export const applyThresholdAction = authorizedAction("settings:manage", applyThresholdSchema, async (input, user) => {
  const saved = await applyAutoThreshold(input, user);
  revalidatePath("/admin/calibration");
  revalidatePath("/admin/settings");
  return { version: saved.version, autoThreshold: saved.autoThreshold, reviewThreshold: saved.reviewThreshold };
});
