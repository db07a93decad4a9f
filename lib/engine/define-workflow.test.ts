import { z } from "zod";
import { describe, expect, it } from "vitest";
import { defineWorkflow, exponentialBackoff, fixedRetry, nextStepId, noRetry, WorkflowDefinitionError } from "./define-workflow";
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

describe("defineWorkflow: the graph", () => {
  const base = { name: "graph-flow", version: 1, description: "", input: z.unknown() };
  const branch = (id: string, cases: Record<string, string>, fallback: string | undefined, on = "a"): Step<unknown> =>
    ({ kind: "branch", id, on, value: () => "x", cases, default: fallback }) as Step<unknown>;
  const jump = (id: string, next: string): Step<unknown> => ({ ...task(id), next }) as Step<unknown>;
  const last = (id: string): Step<unknown> => ({ ...task(id), end: true }) as Step<unknown>;

  it.each([
    ["an unknown next step", [jump("a", "nowhere"), task("b")], /step "a" names an unknown next step "nowhere"/],
    ["a branch case to an unknown step", [task("a"), branch("route", { x: "ghost" }, "b"), last("b")], /branch "route": case "x" goes to an unknown step "ghost"/],
    ["a branch without a default", [task("a"), branch("route", { x: "b" }, undefined), last("b")], /branch "route" needs a default step/],
    ["a branch reading an unknown step", [task("a"), branch("route", { x: "b" }, "b", "nothing"), last("b")], /branch "route" reads an unknown step "nothing"/],
    ["a branch reading a later step", [task("a"), branch("route", { x: "b" }, "c", "b"), last("b"), last("c")], /branch "route" reads "b", which never runs before it/],
    ["an unreachable step", [last("a"), task("orphan")], /step "orphan" is unreachable/],
    ["a cycle", [task("a"), jump("b", "a")], /steps form a cycle: "a" → "b" → "a"/],
    ["a duplicate id inside a parallel group", [{ kind: "parallel", id: "p", join: "j", steps: [task("a"), task("b")] } as Step<unknown>, task("a"), last("j")], /step "a" is defined twice/],
    ["a parallel group joining at an unknown step", [{ kind: "parallel", id: "p", join: "nope", steps: [task("a"), task("b")] } as Step<unknown>], /parallel "p" joins at an unknown step "nope"/],
    ["a failover policy without failover models", [{ ...task("a"), onInvalid: "failover", output: z.string() } as Step<unknown>], /step "a": onInvalid "failover" needs failover models/],
    ["a badly named model", [{ kind: "model", id: "a", model: "gpt-4", prompt: () => ({ user: "" }), output: z.string(), timeoutMs: 1, retry: noRetry } as Step<unknown>], /model "gpt-4" must be "<provider>:<model>"/],
  ])("rejects %s, naming the step", (_, steps, message) => {
    expect(() => defineWorkflow({ ...base, steps: steps as Step<unknown>[] })).toThrow(WorkflowDefinitionError);
    expect(() => defineWorkflow({ ...base, steps: steps as Step<unknown>[] })).toThrow(message);
  });

  it("rejects an error handler that is not a step, or that the normal flow falls into through a next", () => {
    expect(() => defineWorkflow({ ...base, errorHandler: "ghost", steps: [task("a")] })).toThrow(/error handler "ghost" is not a step/);
    expect(() => defineWorkflow({ ...base, errorHandler: "h", steps: [jump("a", "h"), task("h")] })).toThrow(/error handler "h" is also reached by the normal flow/);
  });

  it("walks branches, parallel groups and the error handler", () => {
    const workflow = defineWorkflow({
      ...base,
      errorHandler: "on_error",
      steps: [
        task("a"),
        branch("route", { x: "p" }, "c"),
        { kind: "parallel", id: "p", join: "c", steps: [task("p1"), task("p2")] } as Step<unknown>,
        last("c"),
        task("on_error"),
      ],
    });
    expect(nextStepId(workflow, "a")).toBe("route");
    expect(nextStepId(workflow, "p")).toBe("c");
    expect(nextStepId(workflow, "c")).toBeNull();
    expect(nextStepId(workflow, "p1")).toBeNull();
    expect(nextStepId(workflow, "on_error")).toBeNull();
  });

  it("ends the run when the last step would fall through into the error handler", () => {
    const workflow = defineWorkflow({ ...base, errorHandler: "on_error", steps: [task("a"), task("on_error")] });
    expect(nextStepId(workflow, "a")).toBeNull();
  });
});

describe("the article's first example, as a workflow author writes it in Baton", () => {
  it("is a valid definition: models with timeouts, retry policies and failover, a branch with a default, an error handler, a timeout", () => {
    type Ticket = { message: string };
    const intent = {
      kind: "model" as const,
      id: "intent_classification",
      model: "anthropic:claude-3-opus-latest",
      timeoutMs: 5_000,
      retry: exponentialBackoff(3),
      prompt: ({ input }: { input: Ticket }) => ({ system: 'Classify the intent. JSON: {"intent": "refund" | "technical" | "unknown"}', user: input.message }),
      output: z.object({ intent: z.string() }),
    };
    const handler = (id: string) => ({ kind: "handler" as const, id, timeoutMs: 2_000, retry: noRetry, next: "response_generation", run: () => ({ output: id }) });
    const workflow = defineWorkflow<Ticket>({
      name: "customer-support-v2",
      version: 1,
      description: "The article's customer_support_v2",
      input: z.object({ message: z.string() }),
      timeoutMs: 60_000,
      errorHandler: "error_logging",
      steps: [
        intent,
        { kind: "pipeline", id: "knowledge_retrieval", timeoutMs: 10_000, retry: fixedRetry(2), run: () => ({ output: [] }) },
        { kind: "branch", id: "route", on: "intent_classification", value: (r) => (r as { intent: string }).intent, cases: { refund: "refund_handler", technical: "tech_support" }, default: "human_escalation" },
        handler("refund_handler"),
        handler("tech_support"),
        handler("human_escalation"),
        {
          kind: "model",
          id: "response_generation",
          model: "openai:gpt-4",
          failover: ["anthropic:claude-3-haiku-20240307"],
          timeoutMs: 8_000,
          retry: exponentialBackoff(2),
          end: true,
          prompt: ({ input }) => ({ user: input.message }),
          output: z.object({ reply: z.string() }),
        },
        { kind: "handler", id: "error_logging", timeoutMs: 1_000, retry: noRetry, run: ({ failure }) => ({ output: failure }) },
      ],
    });
    expect(nextStepId(workflow, "knowledge_retrieval")).toBe("route");
    expect(nextStepId(workflow, "human_escalation")).toBe("response_generation");
    expect(nextStepId(workflow, "response_generation")).toBeNull();
  });
});
