"use server";

import { revalidatePath } from "next/cache";
import { authorizedAction } from "@/lib/auth/authorized-action";
import { invalid } from "@/lib/errors";
import { gateSettingsSchema } from "@/lib/schemas/gate-settings";
import { getGateSettings, saveGateSettings } from "@/lib/settings/gate-settings";
import { workflowRegistry } from "@/lib/workflows";

/** Saves a new version of one gate's thresholds and SLAs; new gate evaluations use it at once. */
export const saveGateSettingsAction = authorizedAction("settings:manage", gateSettingsSchema, async (input, user) => {
  const definition = workflowRegistry.latest(input.workflowName);
  if (!definition) throw invalid(`There is no workflow named "${input.workflowName}"`, "unknown_workflow");
  const step = definition.steps.find((s) => s.id === input.stepId);
  if (!step || step.kind !== "gate") throw invalid(`Workflow ${definition.name} has no gate step "${input.stepId}"`, "unknown_gate");

  // This form edits thresholds and SLA minutes only: carry the SLA policy in force (at-risk
  // share, business hours) into the new version instead of resetting it to the defaults.
  const inForce = await getGateSettings(definition.name, step.id, step.defaults);
  const saved = await saveGateSettings({
    workflowName: definition.name,
    stepId: step.id,
    thresholds: {
      autoThreshold: input.autoThreshold,
      reviewThreshold: input.reviewThreshold,
      normalSlaMinutes: input.normalSlaMinutes,
      lowSlaMinutes: input.lowSlaMinutes,
      sensitiveSlaMinutes: input.sensitiveSlaMinutes,
    },
    slaPolicy: { atRiskShare: inForce.atRiskShare, businessHours: inForce.businessHours },
    note: input.note ? input.note : null,
    actorId: user.id,
  });
  revalidatePath("/admin/settings");
  return { version: saved.version };
});
