import { z } from "zod";
import { describe, expect, it } from "vitest";
import { defineWorkflow, nextStepId, noRetry, WorkflowDefinitionError } from "./define-workflow";
import type { Step } from "./types";

const task = (id: string): Step<unknown> => ({ kind: "handler", id, timeoutMs: 1000, retry: noRetry, run: () => ({ output: id }) });

describe("defineWorkflow", () => {
  it("accepts a valid definition and walks its steps in order", () => {
    const workflow = defineWorkflow({ name: "demo-flow", version: 1, description: "", input: z.unknown(), steps: [task("a"), task("b")] });
    expect(nextStepId(workflow, "a")).toBe("b");
    expect(nextStepId(workflow, "b")).toBeNull();
    expect(() => nextStepId(workflow, "zzz")).toThrow(/unknown step "zzz"/);
  });

  it.each([
    ["duplicate step ids", { steps: [task("a"), task("a")] }, /step "a" is defined twice/],
    ["no steps", { steps: [] }, /has no steps/],
    ["a bad step id", { steps: [task("Bad-Id")] }, /"Bad-Id" must be snake_case/],
    ["a bad name", { name: "Demo Flow" }, /must be kebab-case/],
    ["version 0", { version: 0 }, /version must be a positive integer/],
    ["a zero timeout", { steps: [{ ...task("a"), timeoutMs: 0 }] }, /step "a" needs a positive timeout/],
  ])("rejects %s, naming the problem", (_, override, message) => {
    const base = { name: "demo-flow", version: 1, description: "", input: z.unknown(), steps: [task("a")] };
    expect(() => defineWorkflow({ ...base, ...override } as never)).toThrow(WorkflowDefinitionError);
    expect(() => defineWorkflow({ ...base, ...override } as never)).toThrow(message);
  });

  it("rejects a gate whose review threshold is above its auto threshold", () => {
    const gate: Step<unknown> = {
      kind: "gate",
      id: "gate",
      defaults: { autoThreshold: 0.5, reviewThreshold: 0.8, normalSlaMinutes: 1, lowSlaMinutes: 1, sensitiveSlaMinutes: 1 },
      editableFields: [],
      evaluate: () => ({ confidence: 1, sensitive: false, sensitiveReasons: [], proposal: {}, context: {} }),
    };
    expect(() => defineWorkflow({ name: "x", version: 1, description: "", input: z.unknown(), steps: [gate] })).toThrow(/gate "gate"/);
  });
});
