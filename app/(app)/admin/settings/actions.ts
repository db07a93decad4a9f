"use server";

import { revalidatePath } from "next/cache";
import { applyGateSettings, rollBackGateSettings } from "@/lib/admin/apply-gate-settings";
import { authorizedAction } from "@/lib/auth/authorized-action";
import { gateSettingsSchema, rollbackGateSettingsSchema } from "@/lib/schemas/gate-settings";

/** Saves a new version of one gate's thresholds, SLAs and audit rate; new gate evaluations use it at once. */
export const saveGateSettingsAction = authorizedAction("settings:manage", gateSettingsSchema, async (input, user) => {
  const saved = await applyGateSettings(input, user);
  revalidatePath("/admin/settings");
  return { version: saved.version };
});

/** Restores an earlier version as a new one (the history keeps both). */
export const rollbackGateSettingsAction = authorizedAction("settings:manage", rollbackGateSettingsSchema, async (input, user) => {
  const saved = await rollBackGateSettings(input, user);
  revalidatePath("/admin/settings");
  revalidatePath("/admin/calibration");
  return { version: saved.version, rolledBackFrom: saved.rolledBackFrom };
});
