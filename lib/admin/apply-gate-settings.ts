import { getGate } from "../calibration/find-gate";
import type { ApplyThresholdInput, GateSettingsInput } from "../schemas/gate-settings";
import { getGateSettings, rollbackGateSettings, saveGateSettings, type GateSettingsVersion } from "../settings/gate-settings";
import { requireScope, type Actor } from "./require-scope";

/**
 * Saves a new version of one gate's thresholds, SLAs and SLA clock, for the settings form and the
 * settings API alike. What the input leaves out (audit rate, at-risk share, business hours) is
 * carried over from the version in force instead of reset to the defaults.
 */
export async function applyGateSettings(input: GateSettingsInput, actor: Actor, options: { note?: string | null } = {}): Promise<GateSettingsVersion> {
  requireScope(actor, "settings:manage");
  const { definition, step } = getGate(input.workflowName, input.stepId);
  const inForce = await getGateSettings(definition.name, step.id, step.defaults);
  return saveGateSettings({
    workflowName: definition.name,
    stepId: step.id,
    thresholds: {
      autoThreshold: input.autoThreshold,
      reviewThreshold: input.reviewThreshold,
      normalSlaMinutes: input.normalSlaMinutes,
      lowSlaMinutes: input.lowSlaMinutes,
      sensitiveSlaMinutes: input.sensitiveSlaMinutes,
    },
    slaPolicy: {
      atRiskShare: input.atRiskShare ?? inForce.atRiskShare,
      businessHours: input.businessHours === undefined ? inForce.businessHours : input.businessHours,
    },
    auditSampleRate: input.auditSampleRate ?? inForce.auditSampleRate,
    note: input.note || options.note || null,
    actorId: actor.id,
  });
}

/**
 * The calibration page's "apply": only the auto threshold changes. The review threshold cannot
 * sit above it, so it comes down with it when needed (and the note says so).
 */
export async function applyAutoThreshold(input: ApplyThresholdInput, actor: Actor): Promise<GateSettingsVersion> {
  requireScope(actor, "settings:manage");
  const { definition, step } = getGate(input.workflowName, input.stepId);
  const inForce = await getGateSettings(definition.name, step.id, step.defaults);
  const reviewThreshold = Math.min(inForce.reviewThreshold, input.autoThreshold);
  const lowered = reviewThreshold < inForce.reviewThreshold ? ` (review threshold lowered to ${reviewThreshold})` : "";
  return saveGateSettings({
    workflowName: definition.name,
    stepId: step.id,
    thresholds: { ...pickThresholds(inForce), autoThreshold: input.autoThreshold, reviewThreshold },
    slaPolicy: { atRiskShare: inForce.atRiskShare, businessHours: inForce.businessHours },
    auditSampleRate: inForce.auditSampleRate,
    note: `${input.note || `Auto threshold ${inForce.autoThreshold} → ${input.autoThreshold}`}${lowered}`,
    actorId: actor.id,
  });
}

export async function rollBackGateSettings(input: { workflowName: string; stepId: string; toVersion: number }, actor: Actor): Promise<GateSettingsVersion> {
  requireScope(actor, "settings:manage");
  const { definition, step } = getGate(input.workflowName, input.stepId);
  return rollbackGateSettings({ workflowName: definition.name, stepId: step.id, toVersion: input.toVersion, actorId: actor.id });
}

function pickThresholds(v: GateSettingsVersion) {
  return {
    autoThreshold: v.autoThreshold,
    reviewThreshold: v.reviewThreshold,
    normalSlaMinutes: v.normalSlaMinutes,
    lowSlaMinutes: v.lowSlaMinutes,
    sensitiveSlaMinutes: v.sensitiveSlaMinutes,
  };
}
