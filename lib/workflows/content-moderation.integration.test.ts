import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { submitRun } from "@/lib/engine/submit-run";
import { closeQueues } from "@/lib/queues/producers";
import { claimNextItem } from "@/lib/review/claim-next-item";
import { recordDecision } from "@/lib/review/record-decision";
import { workflowRegistry } from "@/lib/workflows";
import { startWorkers, type RunningWorkers } from "@/workers/start-workers";
import { createUser, waitForRun } from "@/test/integration-helpers";
import type { ContentModerationOutput } from "./content-moderation";

// Each route of the shipped moderation workflow, on the real queue and database with the
// built-in models. The texts were chosen by what those models answer (see
// lib/providers/providers.test.ts for the scores' ranges), not by hard-coded results.

let workers: RunningWorkers;

beforeAll(async () => {
  workers = await startWorkers(workflowRegistry, { maintenance: false, concurrency: 4 });
});

afterAll(async () => {
  await workers.close();
  await closeQueues();
});

async function moderate(input: { text: string; imageUrl?: string }, statuses = ["completed", "failed"]) {
  const { id } = await submitRun(workflowRegistry, { workflowName: "content-moderation", input });
  const run = await waitForRun(id, statuses);
  // Steps faster than a millisecond share timestamps: the set of committed steps is what is checked.
  const steps = (await db.runStep.findMany({ where: { runId: id } })).map((s) => s.stepId).sort();
  return { id, run, steps, output: run.output as unknown as ContentModerationOutput };
}

async function decide(runId: string, decision: Parameters<typeof recordDecision>[0]["decision"]) {
  const item = await db.reviewItem.findFirstOrThrow({ where: { runId } });
  await db.reviewItem.update({ where: { id: item.id }, data: { priority: "urgent", slaDueAt: new Date(0) } });
  const reviewer = await createUser(item.tier === "senior" ? "senior_reviewer" : "reviewer");
  expect((await claimNextItem({ reviewerId: reviewer.id, tiers: ["standard", "senior"] }))?.id).toBe(item.id);
  await recordDecision({ itemId: item.id, reviewerId: reviewer.id, decision });
  return item;
}

describe("content-moderation workflow", () => {
  it("blocks profanity at the keyword filter, before any model", async () => {
    const { output, steps } = await moderate({ text: "what the fuuuck is this" });
    expect(output).toMatchObject({ verdict: "blocked", decidedBy: "keyword_filter", scores: { keywords: ["fuck"], aiModerator: null } });
    expect(steps).toEqual(["auto_block", "keyword_filter", "keyword_route"]);
  });

  it("auto-blocks when the AI moderator scores above 0.95", async () => {
    const { output, steps } = await moderate({ text: "I will find you and hurt you, you worthless idiot" });
    expect(output.verdict).toBe("blocked");
    expect(output.decidedBy).toBe("ai_moderator");
    expect(output.scores.aiModerator).toBeGreaterThan(0.95);
    expect(steps).toEqual(["ai_moderator", "auto_block", "keyword_filter", "keyword_route", "moderation_route"]);
  });

  it("sends a score between 0.7 and 0.95 to a human, whose rejection overturns the proposed block", async () => {
    const { id, run } = await moderate({ text: "You are an idiot." }, ["waiting_for_review"]);
    expect(run.currentStepId).toBe("human_review");
    const item = await decide(id, { action: "rejected", reason: "Banter between friends" });
    expect(item.proposal).toMatchObject({ verdict: "block" });
    expect(item.context).toMatchObject({ message: "You are an idiot.", editableFields: ["verdict"] });
    const done = await waitForRun(id, ["completed"]);
    expect(done.output).toMatchObject({ verdict: "allowed", decidedBy: "human_review", review: { action: "rejected", reason: "Banter between friends" } });
  });

  it("asks the second opinion below 0.7, which auto-blocks above 0.9", async () => {
    const { output, steps } = await moderate({ text: "your awful hateful nasty evil cruel vile disgusting comments ruin everything" });
    expect(output).toMatchObject({ verdict: "blocked", decidedBy: "second_opinion" });
    expect(output.scores.aiModerator).toBeLessThanOrEqual(0.7);
    expect(output.scores.secondOpinion).toBeGreaterThan(0.9);
    expect(steps).toEqual(["ai_moderator", "auto_block", "keyword_filter", "keyword_route", "moderation_route", "second_opinion", "second_opinion_route"]);
  });

  it("sends a second opinion between 0.5 and 0.9 to a human, who may edit the verdict", async () => {
    const { id } = await moderate({ text: "You are evil and cruel" }, ["waiting_for_review"]);
    await decide(id, { action: "edited", editedText: "allow — strong words, but an opinion" });
    const done = await waitForRun(id, ["completed"]);
    expect(done.output).toMatchObject({ verdict: "allowed", decidedBy: "human_review", review: { action: "edited" } });
  });

  it("allows what both models find clean", async () => {
    const { output, steps } = await moderate({ text: "Thanks for the quick help, have a lovely day!" });
    expect(output).toMatchObject({ verdict: "allowed", decidedBy: "second_opinion" });
    expect(steps).toContain("allow");
    expect(steps).not.toContain("auto_block");
    expect(steps).not.toContain("human_review");
  });

  it("analyses an attached image in parallel, joins the three analyses, and blocks an explicit one", async () => {
    const { id, output, steps } = await moderate({ text: "Look at my holiday", imageUrl: "https://cdn.example.com/uploads/nsfw-nude-beach.jpg" });
    expect(steps).toEqual(expect.arrayContaining(["nsfw_detector", "text_extraction", "metadata_check", "image_analysis", "image_verdict", "ai_moderator", "moderation_route", "auto_block"]));
    expect(output).toMatchObject({ verdict: "blocked" });
    expect(output.scores.image).toBeGreaterThan(0.95);
    const verdict = await db.runStep.findFirstOrThrow({ where: { runId: id, stepId: "image_verdict" } });
    expect(verdict.output).toMatchObject({ analysed: ["metadata_check", "nsfw_detector", "text_extraction"], metadataIssues: [] });
  });

  it("reads the text in an image's file name into the moderator's input", async () => {
    const { id, run } = await moderate({ text: "New profile picture", imageUrl: "https://cdn.example.com/memes/you-are-a-worthless-pathetic-idiot.png" }, ["completed", "waiting_for_review"]);
    const moderator = await db.runStep.findFirstOrThrow({ where: { runId: id, stepId: "ai_moderator" } });
    expect((moderator.output as { score: number }).score).toBeGreaterThan(0.7);
    expect(run.status === "waiting_for_review" || (run.output as unknown as ContentModerationOutput).verdict === "blocked").toBe(true);
  });

  it("refuses input that is not { text, imageUrl? }", async () => {
    await expect(submitRun(workflowRegistry, { workflowName: "content-moderation", input: { text: "" } })).rejects.toThrow(/text must not be empty/);
    await expect(submitRun(workflowRegistry, { workflowName: "content-moderation", input: { text: "hi", imageUrl: "ftp://x/a.png" } })).rejects.toThrow(/imageUrl/);
  });
});
