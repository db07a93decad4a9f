import type { GateStep, RetryPolicy, Step, TaskStep, WorkflowDefinition } from "./types";

export const noRetry: RetryPolicy = { attempts: 1, backoff: "fixed", delayMs: 0 };

export function exponentialBackoff(maxAttempts: number, initialDelayMs = 500): RetryPolicy {
  return { attempts: maxAttempts, backoff: "exponential", delayMs: initialDelayMs };
}

export function fixedRetry(attempts: number, delayMs = 1000): RetryPolicy {
  return { attempts, backoff: "fixed", delayMs };
}

export class WorkflowDefinitionError extends Error {}

const STEP_ID = /^[a-z][a-z0-9_]*$/;

/** Checks a definition when it is loaded, so a mistake fails at start-up, naming the step. */
export function defineWorkflow<Input>(definition: WorkflowDefinition<Input>): WorkflowDefinition<Input> {
  const { name, version, steps } = definition;
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new WorkflowDefinitionError(`Workflow name "${name}" must be kebab-case`);
  if (!Number.isInteger(version) || version < 1) throw new WorkflowDefinitionError(`Workflow ${name}: version must be a positive integer`);
  if (steps.length === 0) throw new WorkflowDefinitionError(`Workflow ${name} has no steps`);
  const seen = new Set<string>();
  for (const step of steps) {
    if (!STEP_ID.test(step.id)) throw new WorkflowDefinitionError(`Workflow ${name}: step id "${step.id}" must be snake_case`);
    if (seen.has(step.id)) throw new WorkflowDefinitionError(`Workflow ${name}: step "${step.id}" is defined twice`);
    seen.add(step.id);
    if (step.kind !== "gate") checkTask(name, step);
    else checkGate(name, step);
  }
  return definition;
}

function checkTask<Input>(workflow: string, step: TaskStep<Input>) {
  if (!(step.timeoutMs > 0)) throw new WorkflowDefinitionError(`Workflow ${workflow}: step "${step.id}" needs a positive timeout`);
  if (!(step.retry.attempts >= 1)) throw new WorkflowDefinitionError(`Workflow ${workflow}: step "${step.id}" needs at least one attempt`);
}

function checkGate<Input>(workflow: string, step: GateStep<Input>) {
  const { autoThreshold, reviewThreshold } = step.defaults;
  if (!(reviewThreshold >= 0 && reviewThreshold <= autoThreshold && autoThreshold <= 1)) {
    throw new WorkflowDefinitionError(`Workflow ${workflow}: gate "${step.id}" needs 0 ≤ reviewThreshold ≤ autoThreshold ≤ 1`);
  }
}

export function getStep<Input>(definition: WorkflowDefinition<Input>, stepId: string): Step<Input> | undefined {
  return definition.steps.find((step) => step.id === stepId);
}

/** The step after `stepId`, or null when `stepId` is the last. */
export function nextStepId(definition: WorkflowDefinition<unknown>, stepId: string): string | null {
  const index = definition.steps.findIndex((step) => step.id === stepId);
  if (index < 0) throw new WorkflowDefinitionError(`Workflow ${definition.name}: unknown step "${stepId}"`);
  return definition.steps[index + 1]?.id ?? null;
}
