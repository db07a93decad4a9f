// GET, PUT /api/v1/workflows/{name}/gate-settings – read a gate's settings in force and history; save a new version (admin-owned token)
import { applyGateSettings } from "@/lib/admin/apply-gate-settings";
import { apiRoute, readJsonBody } from "@/lib/api/api-route";
import { getGate } from "@/lib/calibration/find-gate";
import { UserFacingError, notFound } from "@/lib/errors";
import { gateSettingsSchema } from "@/lib/schemas/gate-settings";
import { findGateSettingsHistory, getGateSettings, type GateSettingsVersion } from "@/lib/settings/gate-settings";
import { workflowRegistry } from "@/lib/workflows";

function view(v: GateSettingsVersion) {
  return {
    version: v.version,
    autoThreshold: v.autoThreshold,
    reviewThreshold: v.reviewThreshold,
    normalSlaMinutes: v.normalSlaMinutes,
    lowSlaMinutes: v.lowSlaMinutes,
    sensitiveSlaMinutes: v.sensitiveSlaMinutes,
    auditSampleRate: v.auditSampleRate,
    atRiskShare: v.atRiskShare,
    rolledBackFrom: v.rolledBackFrom,
    note: v.note,
    createdAt: v.createdAt?.toISOString() ?? null,
    createdBy: v.createdBy ? { id: v.createdBy.id, name: v.createdBy.name } : null,
  };
}

function requireWorkflow(name: string): void {
  if (!workflowRegistry.latest(name)) throw notFound(`Workflow "${name}"`);
}

export const GET = apiRoute<{ name: string }>("calibration:read", async (request, { params }) => {
  requireWorkflow(params.name);
  const { definition, step } = getGate(params.name, new URL(request.url).searchParams.get("step"));
  const [current, history] = await Promise.all([getGateSettings(definition.name, step.id, step.defaults), findGateSettingsHistory(definition.name, step.id)]);
  return Response.json({ workflow: definition.name, step: step.id, current: view(current), history: history.map(view) });
});

export const PUT = apiRoute<{ name: string }>("settings:write", async (request, { caller, params }) => {
  requireWorkflow(params.name);
  // apiRoute only lets this scope through for a token whose owner is (still) an admin.
  if (!caller.owner) throw new UserFacingError("This token has no owner to attribute the change to", 403, "forbidden");
  const body = await readJsonBody(request);
  const parsed = gateSettingsSchema.safeParse({ ...body, workflowName: params.name });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
    return Response.json({ error: { code: "invalid_settings", message: fields.join("; "), fields: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) } }, { status: 422 });
  }
  const saved = await applyGateSettings(parsed.data, caller.owner, { note: `Saved through the API` });
  return Response.json({ workflow: saved.workflowName, step: saved.stepId, current: view(saved) });
});
