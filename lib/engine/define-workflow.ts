import { parseModelRef } from "../providers/model-ref";
import type {
  BranchStep,
  BranchValue,
  CodeStep,
  GateStep,
  ModelCallStep,
  ParallelOutput,
  ParallelStep,
  RetryPolicy,
  ScoreBranchStep,
  Step,
  StepContext,
  StepRef,
  TaskStep,
  ValueBranchStep,
  WorkflowDefinition,
} from "./types";

export const noRetry: RetryPolicy = { attempts: 1, backoff: "fixed", delayMs: 0 };

/** The article's ExponentialBackoff(max_attempts): delays of initialDelayMs, ×2, ×4, … */
export function exponentialBackoff(maxAttempts: number, initialDelayMs = 500): RetryPolicy {
  return { attempts: maxAttempts, backoff: "exponential", delayMs: initialDelayMs };
}

/** The article's FixedRetry(attempts): the same delay before every retry. */
export function fixedRetry(attempts: number, delayMs = 1000): RetryPolicy {
  return { attempts, backoff: "fixed", delayMs };
}

export class WorkflowDefinitionError extends Error {}

const STEP_ID = /^[a-z][a-z0-9_]*$/;

// ── Typed builders ─────────────────────────────────────────────────────────────────────────────
// Identity functions that give each step its output type, so `ctx.result(step)` and the branch
// selectors below are typed. Plain object literals work too (customer-support uses them).

export function task<Input, Output>(step: CodeStep<Input, Output>): CodeStep<Input, Output> & StepRef<Output> {
  return step;
}

export function modelCall<Input, Output>(step: ModelCallStep<Input, Output>): ModelCallStep<Input, Output> & StepRef<Output> {
  return step;
}

export function gate<Input>(step: Omit<GateStep<Input>, "kind">): GateStep<Input> & StepRef<import("./types").GateOutput> {
  return { kind: "gate", ...step };
}

/** A handle on a step's output by id, for steps defined as plain objects. */
export function ref<Output>(id: string): StepRef<Output> {
  return { id };
}

/** Branch by value: `cases` maps the selected value to a step id; `default` is required. */
export function branchOn<Input, Output>(spec: {
  id: string;
  description?: string;
  on: StepRef<Output>;
  value: (result: Output, ctx: StepContext<Input>) => BranchValue;
  cases: Record<string, string>;
  default: string;
}): ValueBranchStep<Input> {
  return { kind: "branch", id: spec.id, description: spec.description, on: spec.on.id, value: spec.value as ValueBranchStep<Input>["value"], cases: spec.cases, default: spec.default };
}

/** Branch by ordered predicates over a score: the first `when` that holds wins, else `default`. */
export function branchOnScore<Input, Output>(spec: {
  id: string;
  description?: string;
  on: StepRef<Output>;
  score: (result: Output, ctx: StepContext<Input>) => number;
  when: { label: string; test: (score: number) => boolean; goto: string }[];
  default: string;
}): ScoreBranchStep<Input> {
  return { kind: "branch", id: spec.id, description: spec.description, on: spec.on.id, score: spec.score as ScoreBranchStep<Input>["score"], when: spec.when, default: spec.default };
}

/** Parallel fan-out; `join` runs once every child has finished and reads `ctx.result(group)`. */
export function parallel<Input>(spec: Omit<ParallelStep<Input>, "kind">): ParallelStep<Input> & StepRef<ParallelOutput> {
  return { kind: "parallel", ...spec };
}

export function isTaskStep<Input>(step: Step<Input>): step is TaskStep<Input> {
  return step.kind === "model" || step.kind === "pipeline" || step.kind === "handler";
}

export function isModelCall<Input>(step: TaskStep<Input>): step is ModelCallStep<Input> {
  return "prompt" in step && typeof step.prompt === "function";
}

// ── Validation ─────────────────────────────────────────────────────────────────────────────────

/** Checks a definition when it is loaded, so a mistake fails at start-up, naming the step. */
export function defineWorkflow<Input>(definition: WorkflowDefinition<Input>): WorkflowDefinition<Input> {
  const { name, version, steps } = definition;
  const fail = (message: string): never => {
    throw new WorkflowDefinitionError(`Workflow ${name}: ${message}`);
  };
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new WorkflowDefinitionError(`Workflow name "${name}" must be kebab-case`);
  if (!Number.isInteger(version) || version < 1) fail("version must be a positive integer");
  if (steps.length === 0) throw new WorkflowDefinitionError(`Workflow ${name} has no steps`);
  if (definition.timeoutMs !== undefined && !(definition.timeoutMs > 0)) fail("timeoutMs must be positive");

  const all = new Map<string, Step<Input>>();
  const add = (step: Step<Input>) => {
    if (!STEP_ID.test(step.id)) fail(`step id "${step.id}" must be snake_case`);
    if (all.has(step.id)) fail(`step "${step.id}" is defined twice`);
    all.set(step.id, step);
  };
  for (const step of steps) {
    add(step);
    if (step.kind === "parallel") for (const child of step.steps ?? []) add(child);
  }
  const exists = (id: unknown): id is string => typeof id === "string" && all.has(id);
  const topLevel = new Set(steps.map((s) => s.id));

  for (const step of steps) {
    if (isTaskStep(step)) checkTask(fail, step, false);
    else if (step.kind === "gate") checkGate(fail, step);
    else if (step.kind === "branch") checkBranch(fail, step, exists, topLevel);
    else if (step.kind === "parallel") checkParallel(fail, step, topLevel);
    else fail(`step "${(step as { id: string }).id}" has an unknown kind "${(step as { kind: string }).kind}"`);
    const loose = step as { kind: string; id: string; next?: string; end?: boolean };
    if (loose.next !== undefined) {
      if (loose.kind === "branch" || loose.kind === "parallel") fail(`step "${loose.id}": a ${loose.kind} step chooses its own next step; remove "next"`);
      if (!topLevel.has(loose.next)) fail(`step "${loose.id}" names an unknown next step "${loose.next}"`);
      if (loose.end) fail(`step "${loose.id}" has both "next" and "end"`);
    }
  }

  const handler = definition.errorHandler;
  if (handler !== undefined) {
    const step = all.get(handler);
    if (!step || !topLevel.has(handler)) fail(`the error handler "${handler}" is not a step of the workflow`);
    if (!isTaskStep(step!)) fail(`the error handler "${handler}" must be a model, pipeline or handler step`);
  }

  const graph = compileWorkflow(definition);
  checkGraph(fail, definition, graph);
  return definition;
}

type Fail = (message: string) => never;

function checkTask<Input>(fail: Fail, step: TaskStep<Input>, inParallel: boolean) {
  if (!(step.timeoutMs > 0)) fail(`step "${step.id}" needs a positive timeout`);
  if (!step.retry || !(step.retry.attempts >= 1) || !Number.isInteger(step.retry.attempts)) fail(`step "${step.id}" needs at least one attempt`);
  if (!(step.retry.delayMs >= 0)) fail(`step "${step.id}": retry delay must not be negative`);
  if (isModelCall(step)) {
    for (const model of [step.model, ...(step.failover ?? [])]) {
      if (!parseModelRef(model)) fail(`step "${step.id}": model "${model}" must be "<provider>:<model>"`);
    }
    if (!step.output) fail(`step "${step.id}": a model call needs an output schema`);
  } else if (typeof step.run !== "function") {
    fail(`step "${step.id}" needs a run function (or a model and a prompt)`);
  }
  if (step.onInvalid === "failover" && !(isModelCall(step) && (step.failover?.length ?? 0) > 0)) {
    fail(`step "${step.id}": onInvalid "failover" needs failover models`);
  }
  if (step.onInvalid && !step.output && !step.rules?.length) fail(`step "${step.id}": onInvalid needs an output schema or rules to check`);
  if (inParallel && step.onInvalid === "review") fail(`step "${step.id}": a parallel step cannot wait for a human review`);
  if (inParallel && (step.next !== undefined || step.end)) fail(`step "${step.id}": a parallel step cannot name "next" or "end"`);
}

function checkGate<Input>(fail: Fail, step: GateStep<Input>) {
  const { autoThreshold, reviewThreshold } = step.defaults;
  if (!(reviewThreshold >= 0 && reviewThreshold <= autoThreshold && autoThreshold <= 1)) {
    fail(`gate "${step.id}" needs 0 ≤ reviewThreshold ≤ autoThreshold ≤ 1`);
  }
}

function checkBranch<Input>(fail: Fail, step: BranchStep<Input>, exists: (id: unknown) => boolean, topLevel: Set<string>) {
  if (!exists(step.on)) fail(`branch "${step.id}" reads an unknown step "${step.on}"`);
  if (step.on === step.id) fail(`branch "${step.id}" cannot read its own result`);
  if (step.default === undefined || step.default === null || step.default === "") fail(`branch "${step.id}" needs a default step`);
  const targets: [string, string][] = [["default", step.default]];
  if ("cases" in step) {
    if (typeof step.value !== "function") fail(`branch "${step.id}" needs a value function`);
    if (!step.cases || Object.keys(step.cases).length === 0) fail(`branch "${step.id}" needs at least one case`);
    for (const [value, target] of Object.entries(step.cases)) targets.push([`case "${value}"`, target]);
  } else if ("when" in step) {
    if (typeof step.score !== "function") fail(`branch "${step.id}" needs a score function`);
    if (!Array.isArray(step.when) || step.when.length === 0) fail(`branch "${step.id}" needs at least one predicate`);
    for (const rule of step.when) {
      if (typeof rule.test !== "function") fail(`branch "${step.id}": predicate "${rule.label}" needs a test function`);
      targets.push([`predicate "${rule.label}"`, rule.goto]);
    }
  } else {
    fail(`branch "${(step as { id: string }).id}" needs cases (by value) or when (by score)`);
  }
  for (const [label, target] of targets) {
    if (!topLevel.has(target)) fail(`branch "${step.id}": ${label} goes to an unknown step "${target}"`);
  }
}

function checkParallel<Input>(fail: Fail, step: ParallelStep<Input>, topLevel: Set<string>) {
  if (!Array.isArray(step.steps) || step.steps.length < 2) fail(`parallel "${step.id}" needs at least two steps`);
  for (const child of step.steps) {
    if (!isTaskStep(child as Step<Input>)) fail(`parallel "${step.id}": step "${(child as { id: string }).id}" must be a model, pipeline or handler step`);
    checkTask(fail, child, true);
  }
  if (!topLevel.has(step.join)) fail(`parallel "${step.id}" joins at an unknown step "${step.join}"`);
  if (step.onChildFailure && !["continue", "fail"].includes(step.onChildFailure)) fail(`parallel "${step.id}": onChildFailure must be "continue" or "fail"`);
}

function checkGraph<Input>(fail: Fail, definition: WorkflowDefinition<Input>, graph: CompiledWorkflow) {
  // Cycles: a run must always reach an end. Retries are the engine's job, not the graph's.
  const state = new Map<string, "visiting" | "done">();
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === "done") return;
    if (state.get(id) === "visiting") fail(`steps form a cycle: ${[...path.slice(path.indexOf(id)), id].map((s) => `"${s}"`).join(" → ")}`);
    state.set(id, "visiting");
    for (const next of graph.edges.get(id) ?? []) visit(next, [...path, id]);
    state.set(id, "done");
  };
  for (const step of definition.steps) visit(step.id, []);

  const reachable = new Set<string>();
  const roots = [graph.entry, ...(definition.errorHandler ? [definition.errorHandler] : [])];
  const stack = [...roots];
  while (stack.length) {
    const id = stack.pop()!;
    if (reachable.has(id)) continue;
    reachable.add(id);
    stack.push(...(graph.edges.get(id) ?? []));
  }
  for (const step of definition.steps) {
    if (!reachable.has(step.id)) fail(`step "${step.id}" is unreachable: no step leads to it`);
  }
  if (definition.errorHandler && graph.reachableFromEntry.has(definition.errorHandler)) {
    fail(`the error handler "${definition.errorHandler}" is also reached by the normal flow; give the step before it "end: true" or a "next"`);
  }

  for (const step of definition.steps) {
    if (step.kind !== "branch") continue;
    if (!graph.ancestors(step.id).has(step.on)) fail(`branch "${step.id}" reads "${step.on}", which never runs before it`);
  }
}

// ── The compiled graph the engine walks ────────────────────────────────────────────────────────

export interface CompiledWorkflow {
  entry: string;
  /** Every step by id, parallel children included. */
  steps: Map<string, Step<unknown>>;
  /** A parallel child → its group. */
  parentOf: Map<string, ParallelStep<unknown>>;
  /** Static successors (branch targets, group → children and join) for validation. */
  edges: Map<string, string[]>;
  reachableFromEntry: Set<string>;
  /** The step after `stepId` when it is not a branch: null when the run ends there. */
  successor(stepId: string): string | null;
  ancestors(stepId: string): Set<string>;
  isErrorHandler(stepId: string): boolean;
}

const compiled = new WeakMap<object, CompiledWorkflow>();

export function compileWorkflow<Input>(definition: WorkflowDefinition<Input>): CompiledWorkflow {
  const cached = compiled.get(definition);
  if (cached) return cached;
  const steps = new Map<string, Step<unknown>>();
  const parentOf = new Map<string, ParallelStep<unknown>>();
  for (const step of definition.steps as Step<unknown>[]) {
    steps.set(step.id, step);
    if (step.kind === "parallel") {
      for (const child of step.steps ?? []) {
        steps.set(child.id, child);
        parentOf.set(child.id, step);
      }
    }
  }
  const handler = definition.errorHandler;
  const index = new Map(definition.steps.map((s, i) => [s.id, i]));

  const successor = (stepId: string): string | null => {
    const step = steps.get(stepId);
    if (!step || parentOf.has(stepId) || stepId === handler) return null;
    if (step.kind === "branch") return null;
    if (step.kind === "parallel") return step.join;
    if (step.end) return null;
    if (step.next !== undefined) return step.next;
    const following = definition.steps[(index.get(stepId) ?? -2) + 1]?.id ?? null;
    // Falling through into the error handler ends the run: the handler is not part of the normal flow.
    return following === handler ? null : following;
  };

  const edges = new Map<string, string[]>();
  const reverse = new Map<string, string[]>();
  const link = (from: string, to: string) => {
    edges.set(from, [...(edges.get(from) ?? []), to]);
    reverse.set(to, [...(reverse.get(to) ?? []), from]);
  };
  for (const step of definition.steps as Step<unknown>[]) {
    if (step.kind === "branch") {
      const targets = new Set<string>([step.default, ...("cases" in step ? Object.values(step.cases ?? {}) : (step.when ?? []).map((w) => w.goto))]);
      for (const target of targets) if (target !== undefined) link(step.id, target);
    } else if (step.kind === "parallel") {
      for (const child of step.steps ?? []) {
        link(step.id, child.id);
        reverse.set(step.join, [...(reverse.get(step.join) ?? []), child.id]);
      }
      link(step.id, step.join);
    } else {
      const next = successor(step.id);
      if (next) link(step.id, next);
    }
  }

  const reachableFromEntry = new Set<string>();
  const stack = [definition.steps[0]!.id];
  while (stack.length) {
    const id = stack.pop()!;
    if (reachableFromEntry.has(id)) continue;
    reachableFromEntry.add(id);
    stack.push(...(edges.get(id) ?? []));
  }

  const ancestorCache = new Map<string, Set<string>>();
  const ancestors = (stepId: string): Set<string> => {
    const hit = ancestorCache.get(stepId);
    if (hit) return hit;
    const seen = new Set<string>();
    const todo = [...(reverse.get(stepId) ?? [])];
    while (todo.length) {
      const id = todo.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      todo.push(...(reverse.get(id) ?? []));
    }
    ancestorCache.set(stepId, seen);
    return seen;
  };

  const result: CompiledWorkflow = {
    entry: definition.steps[0]!.id,
    steps,
    parentOf,
    edges,
    reachableFromEntry,
    successor,
    ancestors,
    isErrorHandler: (stepId) => stepId === handler,
  };
  compiled.set(definition, result);
  return result;
}

export function getStep<Input>(definition: WorkflowDefinition<Input>, stepId: string): Step<Input> | undefined {
  return compileWorkflow(definition).steps.get(stepId) as Step<Input> | undefined;
}

/** The step after `stepId` in the normal flow (not for branches), or null when the run ends there. */
export function nextStepId(definition: WorkflowDefinition<unknown>, stepId: string): string | null {
  const graph = compileWorkflow(definition);
  if (!graph.steps.has(stepId)) throw new WorkflowDefinitionError(`Workflow ${definition.name}: unknown step "${stepId}"`);
  return graph.successor(stepId);
}
