import type { GateStep, WorkflowDefinition } from "../engine/types";
import { invalid } from "../errors";
import { workflowRegistry } from "../workflows";

export interface GateRef {
  definition: WorkflowDefinition<unknown>;
  step: GateStep<unknown>;
}

/** Every gate of every registered workflow (latest versions), for pickers and metrics. */
export function listGates(): GateRef[] {
  return workflowRegistry.list().flatMap((definition) =>
    definition.steps.filter((step): step is GateStep<unknown> => step.kind === "gate").map((step) => ({ definition, step })),
  );
}

/** The gate step `stepId` of the latest version of `workflowName`; a 400 naming what is wrong otherwise. */
export function getGate(workflowName: string, stepId?: string | null): GateRef {
  const definition = workflowRegistry.latest(workflowName);
  if (!definition) throw invalid(`There is no workflow named "${workflowName}"`, "unknown_workflow");
  const gates = definition.steps.filter((step): step is GateStep<unknown> => step.kind === "gate");
  const step = stepId ? gates.find((s) => s.id === stepId) : gates[0];
  if (!step) {
    throw invalid(
      stepId ? `Workflow ${definition.name} has no gate step "${stepId}" (gates: ${gates.map((g) => g.id).join(", ") || "none"})` : `Workflow ${definition.name} has no gate`,
      "unknown_gate",
    );
  }
  return { definition, step };
}
