import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { submitRun } from "@/lib/engine/submit-run";
import { closeQueues } from "@/lib/queues/producers";
import { workflowRegistry } from "@/lib/workflows";
import { startWorkers, type RunningWorkers } from "@/workers/start-workers";
import { waitForRun } from "@/test/integration-helpers";
import { getRunTimeline } from "./get-run-timeline";

// "server-only" throws outside React's server build; the module itself is what is tested here.
vi.mock("server-only", () => ({}));

let workers: RunningWorkers;

beforeAll(async () => {
  workers = await startWorkers(workflowRegistry, { maintenance: false, concurrency: 4 });
});

afterAll(async () => {
  await workers.close();
  await closeQueues();
});

describe("getRunTimeline", () => {
  it("gives a customer-support run its five steps, one attempt each, and the step that took the time", async () => {
    const { id } = await submitRun(workflowRegistry, { workflowName: "customer-support", input: { message: "I am still waiting on my card?" } });
    await waitForRun(id, ["completed"]);
    const run = await getRunTimeline(id, { registry: workflowRegistry });
    expect(run.timeline.steps.map((s) => s.stepId)).toEqual(["intent_classification", "knowledge_retrieval", "response_generation", "review_gate", "deliver"]);
    for (const step of run.timeline.steps) {
      expect(step.status).toBe("completed");
      expect(step.attempts.map((a) => a.status)).toEqual(["ok"]);
    }
    expect(run.timeline.steps[0]!.attempts[0]!.confidence).toBeGreaterThan(0);
    expect(run.timeline.steps.filter((s) => s.slowest)).toHaveLength(1);
    expect(run.timeline.slowestStepId).toBe(run.timeline.steps.find((s) => s.slowest)!.stepId);
    expect(run.attemptsTruncated).toBe(false);
  });

  it("groups a content-moderation run's parallel image analysis under its group, with the branches it took", async () => {
    const { id } = await submitRun(workflowRegistry, {
      workflowName: "content-moderation",
      input: { text: "Look at my holiday", imageUrl: "https://cdn.example.com/uploads/nsfw-nude-beach.jpg" },
    });
    await waitForRun(id, ["completed", "failed", "waiting_for_review"]);
    const run = await getRunTimeline(id, { registry: workflowRegistry });
    const top = run.timeline.steps.map((s) => s.stepId);
    expect(top).toContain("image_analysis");
    expect(top).not.toContain("nsfw_detector");
    const group = run.timeline.steps.find((s) => s.stepId === "image_analysis")!;
    expect(group.kind).toBe("parallel");
    expect(group.children.map((c) => c.stepId).sort()).toEqual(["metadata_check", "nsfw_detector", "text_extraction"]);
    for (const child of group.children) expect(child.attempts.length).toBeGreaterThanOrEqual(1);
    const route = run.timeline.steps.find((s) => s.stepId === "keyword_route")!;
    expect(route.branch).toMatchObject({ on: "keyword_filter", target: "image_analysis" });
  });

  it("shows recorded retries and failovers of a failed run, with errors as they were stored", async () => {
    const run = await db.run.create({
      data: { workflowName: "customer-support", workflowVersion: 1, status: "failed", input: { message: "x" }, error: "Step intent_classification failed: boom", currentStepId: "intent_classification" },
    });
    const t = run.createdAt.getTime();
    const tries = [
      { attempt: 1, model: "gpt-4o-mini", provider: "openai", status: "timeout", error: "Timed out after 3000 ms", failover: false, start: 5, latency: 3000 },
      { attempt: 1, model: "claude-3-5-haiku-latest", provider: "anthropic", status: "error", error: "<script>alert(1)</script>", failover: true, start: 3010, latency: 40 },
      { attempt: 2, model: "gpt-4o-mini", provider: "openai", status: "invalid", error: "not JSON", failover: false, start: 3600, latency: 20 },
    ];
    await db.stepAttempt.createMany({
      data: tries.map((a) => ({
        runId: run.id,
        stepId: "intent_classification",
        attempt: a.attempt,
        model: a.model,
        provider: a.provider,
        status: a.status,
        error: a.error,
        failover: a.failover,
        latencyMs: a.latency,
        startedAt: new Date(t + a.start),
        finishedAt: new Date(t + a.start + a.latency),
      })),
    });
    await db.runStep.create({
      data: { runId: run.id, stepId: "intent_classification", kind: "model", status: "failed", error: "boom", attempts: 2, latencyMs: 0, startedAt: new Date(t + 3620), finishedAt: new Date(t + 3620) },
    });
    await db.run.update({ where: { id: run.id }, data: { updatedAt: new Date(t + 3700) } });

    const timeline = (await getRunTimeline(run.id, { registry: workflowRegistry })).timeline;
    expect(timeline.steps).toHaveLength(1);
    const step = timeline.steps[0]!;
    expect(step).toMatchObject({ stepId: "intent_classification", status: "failed", error: "boom", failovers: 1, slowest: true });
    expect(step.attempts.map((a) => [a.attempt, a.status, a.failover, a.provider])).toEqual([
      [1, "timeout", false, "openai"],
      [1, "error", true, "anthropic"],
      [2, "invalid", false, "openai"],
    ]);
    expect(step.attempts[1]!.error).toBe("<script>alert(1)</script>");
    expect(step.durationMs).toBe(3615);
    await db.run.delete({ where: { id: run.id } });
  });

  it("answers 404 for an unknown or malformed id", async () => {
    await expect(getRunTimeline(randomUUID())).rejects.toMatchObject({ status: 404 });
    await expect(getRunTimeline("not-a-uuid")).rejects.toMatchObject({ status: 404 });
  });
});
