import { describe, expect, it } from "vitest";
import { buildTimeline, type TimelineAttempt, type TimelineRowInput, type TimelineRunInput } from "./build-timeline";

const T0 = Date.parse("2026-03-02T10:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms);

function row(stepId: string, kind: string, startMs: number, endMs: number, extra: Partial<TimelineRowInput> = {}): TimelineRowInput {
  return {
    stepId,
    kind,
    status: "completed",
    output: null,
    model: null,
    attempts: 1,
    latencyMs: endMs - startMs,
    confidence: null,
    inputLength: null,
    outputLength: null,
    error: null,
    startedAt: at(startMs),
    finishedAt: at(endMs),
    ...extra,
  };
}

function attempt(stepId: string, startMs: number, latencyMs: number, extra: Partial<TimelineAttempt> = {}): TimelineAttempt {
  return {
    stepId,
    attempt: 1,
    model: null,
    provider: null,
    status: "ok",
    error: null,
    failover: false,
    latencyMs,
    confidence: null,
    inputLength: null,
    outputLength: null,
    startedAt: at(startMs),
    finishedAt: at(startMs + latencyMs),
    ...extra,
  };
}

const finishedRun = (endMs: number, status = "completed"): TimelineRunInput => ({
  status,
  currentStepId: null,
  createdAt: at(0),
  updatedAt: at(endMs),
  completedAt: status === "completed" ? at(endMs) : null,
});

describe("buildTimeline", () => {
  it("lays out a five-step run and marks the step that took the most time", () => {
    const timeline = buildTimeline({
      run: finishedRun(10_000),
      rows: [
        row("intent_classification", "model", 5, 25, { model: "builtin/banking77-intent", confidence: 0.93 }),
        row("knowledge_retrieval", "pipeline", 25, 30),
        row("response_generation", "model", 30, 40),
        // A gate's row spans the reviewer's wait: the item's creation to the decision.
        row("review_gate", "gate", 41, 9_990, { confidence: 0.6 }),
        row("deliver", "handler", 9_990, 10_000),
      ],
      attempts: [
        attempt("intent_classification", 5, 20, { confidence: 0.93, model: "builtin/banking77-intent" }),
        attempt("knowledge_retrieval", 25, 5),
        attempt("response_generation", 30, 10),
        attempt("review_gate", 40, 1, { confidence: 0.6 }),
        attempt("deliver", 9_990, 10),
      ],
      now: at(60_000),
    });
    expect(timeline.steps.map((s) => s.stepId)).toEqual(["intent_classification", "knowledge_retrieval", "response_generation", "review_gate", "deliver"]);
    expect(timeline.totalMs).toBe(10_000);
    expect(timeline.slowestStepId).toBe("review_gate");
    expect(timeline.steps.filter((s) => s.slowest).map((s) => s.stepId)).toEqual(["review_gate"]);
    const gate = timeline.steps[3]!;
    // From the evaluation (the attempt) to the decision's commit.
    expect(gate.startedAt).toEqual(at(40));
    expect(gate.durationMs).toBe(9_950);
    expect(gate.share).toBeCloseTo(0.995);
    expect(gate.offsetMs).toBe(40);
    expect(timeline.steps.every((s) => s.attempts.length === 1 && s.status === "completed")).toBe(true);
    expect(timeline.steps[0]!.attempts[0]).toMatchObject({ model: "builtin/banking77-intent", status: "ok", confidence: 0.93 });
    expect(timeline.attemptCount).toBe(5);
  });

  it("groups retries and failovers under their step, and counts the backoff in the step's time", () => {
    const timeline = buildTimeline({
      run: finishedRun(3_000),
      rows: [row("classify", "model", 2_000, 2_400, { attempts: 2, model: "gpt-4o-mini" }), row("deliver", "handler", 2_400, 2_410)],
      attempts: [
        attempt("classify", 10, 300, { attempt: 1, model: "gpt-4o-mini", provider: "openai", status: "timeout", error: "Timed out after 300 ms" }),
        attempt("classify", 310, 50, { attempt: 1, model: "claude-3-5-haiku-latest", provider: "anthropic", status: "error", error: "HTTP 529 <b>overloaded</b>", failover: true }),
        attempt("classify", 360, 5, { attempt: 1, model: "builtin:lexical-toxicity", provider: "builtin", status: "invalid", error: "not JSON", failover: true }),
        attempt("classify", 2_000, 400, { attempt: 2, model: "gpt-4o-mini", provider: "openai", status: "ok", confidence: 0.8 }),
        attempt("deliver", 2_400, 10),
      ],
      now: at(10_000),
    });
    const classify = timeline.steps[0]!;
    expect(classify.attempts.map((a) => [a.attempt, a.status, a.failover])).toEqual([
      [1, "timeout", false],
      [1, "error", true],
      [1, "invalid", true],
      [2, "ok", false],
    ]);
    expect(classify.attempts[1]!.error).toBe("HTTP 529 <b>overloaded</b>");
    expect(classify.failovers).toBe(2);
    expect(classify.attemptNumber).toBe(2);
    // The first try to the commit, not only the last try's latency.
    expect(classify.startedAt).toEqual(at(10));
    expect(classify.durationMs).toBe(2_390);
    expect(classify.slowest).toBe(true);
    expect(timeline.failoverCount).toBe(2);
  });

  it("keeps a twenty-attempt step as one step with twenty attempts in order", () => {
    const attempts = Array.from({ length: 20 }, (_, i) =>
      attempt("flaky", i * 100, 50, { attempt: Math.floor(i / 2) + 1, failover: i % 2 === 1, status: i === 19 ? "ok" : "error", error: i === 19 ? null : `boom ${i}` }),
    );
    const timeline = buildTimeline({ run: finishedRun(2_000), rows: [row("flaky", "model", 1_900, 1_950, { attempts: 10 })], attempts: [...attempts].reverse(), now: at(5_000) });
    expect(timeline.steps).toHaveLength(1);
    expect(timeline.steps[0]!.attempts.map((a) => a.error)).toEqual(attempts.map((a) => a.error));
    expect(timeline.steps[0]!.failovers).toBe(10);
    expect(timeline.steps[0]!.durationMs).toBe(1_950);
  });

  it("puts parallel children under their group (from the joined output) and shows a branch's decision", () => {
    const timeline = buildTimeline({
      run: finishedRun(1_000),
      rows: [
        row("keyword_filter", "handler", 0, 10),
        row("keyword_route", "branch", 10, 10, { output: { on: "keyword_filter", value: false, matched: "default", target: "image_analysis" } }),
        row("nsfw_detector", "model", 20, 300),
        row("text_extraction", "model", 15, 100),
        row("metadata_check", "pipeline", 20, 50, { status: "failed", error: "bad EXIF" }),
        row("image_analysis", "parallel", 15, 310, {
          output: { nsfw_detector: { status: "completed", output: {} }, text_extraction: { status: "completed", output: {} }, metadata_check: { status: "failed", error: "bad EXIF" } },
        }),
        row("image_verdict", "handler", 310, 320),
      ],
      attempts: [attempt("keyword_filter", 0, 10), attempt("text_extraction", 15, 85), attempt("nsfw_detector", 20, 280), attempt("metadata_check", 20, 30, { status: "error", error: "bad EXIF" })],
      now: at(5_000),
    });
    expect(timeline.steps.map((s) => s.stepId)).toEqual(["keyword_filter", "keyword_route", "image_analysis", "image_verdict"]);
    expect(timeline.steps[1]!.branch).toEqual({ on: "keyword_filter", value: "false", matched: "default", target: "image_analysis" });
    const group = timeline.steps[2]!;
    // In the order they started (the same start: the first to finish first).
    expect(group.children.map((c) => c.stepId)).toEqual(["text_extraction", "metadata_check", "nsfw_detector"]);
    expect(group.children[1]).toMatchObject({ status: "failed", error: "bad EXIF" });
    expect(group.durationMs).toBe(295);
    expect(group.slowest).toBe(true);
    expect(group.children.some((c) => c.slowest)).toBe(false);
  });

  it("shows a group still running from the definition, and the step the run is at, growing to now", () => {
    const running: TimelineRunInput = { status: "running", currentStepId: "image_analysis", createdAt: at(0), updatedAt: at(20), completedAt: null };
    const timeline = buildTimeline({
      run: running,
      rows: [row("keyword_filter", "handler", 0, 10), row("text_extraction", "model", 15, 100)],
      attempts: [attempt("keyword_filter", 0, 10), attempt("text_extraction", 15, 85), attempt("nsfw_detector", 20, 100, { status: "timeout", error: "Timed out" })],
      parentOf: (id) => (["nsfw_detector", "text_extraction", "metadata_check"].includes(id) ? "image_analysis" : null),
      kindOf: (id) => (id === "image_analysis" ? "parallel" : id === "nsfw_detector" ? "model" : null),
      now: at(1_000),
    });
    expect(timeline.steps.map((s) => s.stepId)).toEqual(["keyword_filter", "image_analysis"]);
    const group = timeline.steps[1]!;
    expect(group).toMatchObject({ kind: "parallel", status: "running", finishedAt: null, durationMs: 985 });
    expect(group.children.map((c) => [c.stepId, c.status, c.kind])).toEqual([
      ["text_extraction", "completed", "model"],
      ["nsfw_detector", "running", "model"],
    ]);
    expect(timeline.totalMs).toBe(1_000);
  });

  it("marks a gate waiting for a reviewer, and tries a finished run never committed as unfinished", () => {
    const waiting = buildTimeline({
      run: { status: "waiting_for_review", currentStepId: "review_gate", createdAt: at(0), updatedAt: at(50), completedAt: null },
      rows: [row("intent_classification", "model", 0, 40)],
      attempts: [attempt("intent_classification", 0, 40), attempt("review_gate", 45, 2)],
      now: at(60_000),
    });
    expect(waiting.steps[1]).toMatchObject({ stepId: "review_gate", status: "waiting_for_review", kind: "step", durationMs: 59_955 });
    expect(waiting.slowestStepId).toBe("review_gate");

    const timedOut = buildTimeline({
      run: finishedRun(5_000, "failed"),
      rows: [row("slow", "model", 4_990, 4_990, { status: "failed", error: "Workflow timed out" })],
      attempts: [attempt("slow", 0, 3_000, { status: "timeout" }), attempt("other", 100, 50, { status: "error" })],
      now: at(90_000),
    });
    expect(timedOut.totalMs).toBe(5_000);
    expect(timedOut.steps.map((s) => [s.stepId, s.status])).toEqual([
      ["slow", "failed"],
      ["other", "unfinished"],
    ]);
    expect(timedOut.steps[0]!.durationMs).toBe(4_990);
  });

  it("draws nothing for a run that has not started a step", () => {
    const timeline = buildTimeline({ run: { status: "queued", currentStepId: "a", createdAt: at(0), updatedAt: at(0), completedAt: null }, rows: [], attempts: [], now: at(10) });
    expect(timeline).toMatchObject({ steps: [], slowestStepId: null, attemptCount: 0, totalMs: 10 });
  });
});

describe("buildTimeline with steps faster than a millisecond", () => {
  it("orders steps that share their timestamps by the workflow's order", () => {
    const order = ["a", "route", "b", "c"];
    const timeline = buildTimeline({
      run: finishedRun(5),
      rows: [row("c", "handler", 2, 2), row("route", "branch", 2, 2), row("b", "handler", 2, 2), row("a", "handler", 2, 2)],
      attempts: [],
      compareSteps: (x, y) => order.indexOf(x) - order.indexOf(y),
      now: at(10),
    });
    expect(timeline.steps.map((s) => s.stepId)).toEqual(order);
  });
});
