import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { executeStep } from "@/lib/engine/execute-step";
import { reconcileRuns } from "@/lib/engine/reconcile-runs";
import { submitRun } from "@/lib/engine/submit-run";
import { STEP_QUEUE, stepJobId } from "@/lib/queues/definitions";
import { closeQueues, getQueue } from "@/lib/queues/producers";
import { resumeStalledDecisions } from "@/lib/review/resume-stalled-decisions";
import { claimNextItem } from "@/lib/review/claim-next-item";
import { recordDecision } from "@/lib/review/record-decision";
import { saveGateSettings } from "@/lib/settings/gate-settings";
import { workflowRegistry } from "@/lib/workflows";
import { startWorkers, type RunningWorkers } from "@/workers/start-workers";
import { createUser, pickMessages, waitForRun } from "@/test/integration-helpers";
import { HANDOFF_REPLY, type CustomerSupportOutput } from "./customer-support";

// The whole loop on the real parts: API-level submit → BullMQ step jobs → gate → review item →
// decision → resumed run → output.

let workers: RunningWorkers;
const messages = pickMessages();

beforeAll(async () => {
  workers = await startWorkers(workflowRegistry, { maintenance: false, concurrency: 4 });
});

afterAll(async () => {
  await workers.close();
  await closeQueues();
});

async function submit(message: string) {
  return submitRun(workflowRegistry, { workflowName: "customer-support", input: { message } });
}

async function reviewAndDecide(runId: string, reviewerRole: "reviewer" | "senior_reviewer", decision: Parameters<typeof recordDecision>[0]["decision"]) {
  await waitForRun(runId, ["waiting_for_review"]);
  const reviewer = await createUser(reviewerRole);
  const item = await db.reviewItem.findFirstOrThrow({ where: { runId } });
  // Claim until we hold this run's item (other tests' items may be ahead of it in the queue).
  await db.reviewItem.update({ where: { id: item.id }, data: { priority: "urgent", slaDueAt: new Date(0) } });
  const claimed = await claimNextItem({ reviewerId: reviewer.id, tiers: reviewerRole === "senior_reviewer" ? ["standard", "senior"] : ["standard"] });
  expect(claimed?.id).toBe(item.id);
  await recordDecision({ itemId: item.id, reviewerId: reviewer.id, decision });
  return { item, reviewer };
}

describe("customer-support workflow", () => {
  it("completes a confident, non-sensitive message automatically", async () => {
    const { id } = await submit(messages.confident[0]!.text);
    const run = await waitForRun(id, ["completed", "failed"]);
    expect(run.status).toBe("completed");
    const output = run.output as unknown as CustomerSupportOutput;
    expect(output.route).toBe("auto");
    expect(output.decision).toBeNull();
    expect(output.intent).toBe(messages.confident[0]!.intent);
    expect(output.reply.length).toBeGreaterThan(20);
    expect(await db.reviewItem.count({ where: { runId: id } })).toBe(0);
    const steps = await db.runStep.findMany({ where: { runId: id }, orderBy: { startedAt: "asc" } });
    expect(steps.map((s) => s.stepId)).toEqual(["intent_classification", "knowledge_retrieval", "response_generation", "review_gate", "deliver"]);
    // One recorded attempt per step, with the model and its confidence where there is one.
    const attempts = await db.stepAttempt.findMany({ where: { runId: id } });
    expect(attempts.map((a) => [a.stepId, a.status]).sort()).toEqual(steps.map((s) => [s.stepId, "ok"]).sort());
    expect(attempts.find((a) => a.stepId === "intent_classification")).toMatchObject({ model: "builtin/banking77-intent", confidence: output.confidence });
  });

  it("queues an unsure answer at normal priority and, once approved, completes with the model's reply", async () => {
    const { id } = await submit(messages.unsure[0]!.text);
    await waitForRun(id, ["waiting_for_review"]);
    const item = await db.reviewItem.findFirstOrThrow({ where: { runId: id } });
    expect(item).toMatchObject({ priority: "normal", tier: "standard", slaMinutes: 120, status: "pending" });
    expect(item.slaDueAt.getTime() - item.createdAt.getTime()).toBe(120 * 60_000);
    const proposed = (item.proposal as { reply: string }).reply;

    await reviewAndDecide(id, "reviewer", { action: "approved" });
    const run = await waitForRun(id, ["completed", "failed"]);
    const output = run.output as unknown as CustomerSupportOutput;
    expect(output).toMatchObject({ route: "review", reply: proposed, handedOff: false, decision: { action: "approved", reason: null } });
    const decided = await db.reviewItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(decided.resumedAt).not.toBeNull();
    const events = await db.reviewEvent.findMany({ where: { itemId: item.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["created", "claimed", "decided", "resumed"]);
  });

  it("completes with the reviewer's edited reply, keeping the original AI output", async () => {
    const { id } = await submit(messages.doubtful[0]!.text);
    await waitForRun(id, ["waiting_for_review"]);
    const item = await db.reviewItem.findFirstOrThrow({ where: { runId: id } });
    expect(item).toMatchObject({ priority: "low", tier: "standard", slaMinutes: 360 });
    const original = item.proposal;

    await reviewAndDecide(id, "reviewer", { action: "edited", editedText: "Edited by a human: please check the app." });
    const run = await waitForRun(id, ["completed", "failed"]);
    expect(run.output).toMatchObject({ route: "review", reply: "Edited by a human: please check the app.", decision: { action: "edited" } });
    const decided = await db.reviewItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(decided.proposal).toEqual(original);
    expect(decided.finalOutput).toMatchObject({ reply: "Edited by a human: please check the app." });
  });

  it("hands a rejected reply off to a person", async () => {
    const { id } = await submit(messages.doubtful[1]!.text);
    await reviewAndDecide(id, "reviewer", { action: "rejected", reason: "Wrong intent" });
    const run = await waitForRun(id, ["completed", "failed"]);
    expect(run.output).toMatchObject({ route: "review", reply: HANDOFF_REPLY, handedOff: true, decision: { action: "rejected", reason: "Wrong intent" } });
  });

  it("sends sensitive messages to senior reviewers with the short SLA, which standard reviewers cannot claim", async () => {
    const { id } = await submit(messages.sensitive[0]!.text);
    await waitForRun(id, ["waiting_for_review"]);
    const item = await db.reviewItem.findFirstOrThrow({ where: { runId: id } });
    expect(item).toMatchObject({ priority: "urgent", tier: "senior", slaMinutes: 30, sensitive: true, requiredApprovals: 2 });

    const reviewer = await createUser("reviewer");
    const claimedByStandard = await claimNextItem({ reviewerId: reviewer.id, tiers: ["standard"] });
    expect(claimedByStandard?.id).not.toBe(item.id);
    if (claimedByStandard) await db.reviewItem.update({ where: { id: claimedByStandard.id }, data: { status: "pending", claimedById: null, leaseExpiresAt: null } });
  });

  it("needs a second senior approval for a sensitive item before the run resumes (four eyes)", async () => {
    const { id } = await submit(messages.sensitive[1]!.text);
    const { item, reviewer: first } = await reviewAndDecide(id, "senior_reviewer", { action: "edited", editedText: "Please freeze your card in the app now." });
    expect(await db.reviewItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ status: "pending", stage: "second_review", decision: null });
    expect((await db.run.findUniqueOrThrow({ where: { id } })).status).toBe("waiting_for_review");

    // The first reviewer can neither take it again nor decide it twice.
    expect((await claimNextItem({ reviewerId: first.id, tiers: ["standard", "senior"] }))?.id).not.toBe(item.id);

    const second = await createUser("senior_reviewer");
    expect((await claimNextItem({ reviewerId: second.id, tiers: ["standard", "senior"] }))?.id).toBe(item.id);
    const outcome = await recordDecision({ itemId: item.id, reviewerId: second.id, decision: { action: "approved" } });
    expect(outcome.outcome).toBe("final");
    const run = await waitForRun(id, ["completed"]);
    expect(run.output).toMatchObject({ reply: "Please freeze your card in the app now.", decision: { action: "edited" } });
  });

  it("sends a four-eyes disagreement to a supervisor's tie-break", async () => {
    const { id } = await submit(messages.sensitive[2]!.text);
    const { item } = await reviewAndDecide(id, "senior_reviewer", { action: "approved" });
    const second = await createUser("senior_reviewer");
    expect((await claimNextItem({ reviewerId: second.id, tiers: ["standard", "senior"] }))?.id).toBe(item.id);
    const disagreement = await recordDecision({ itemId: item.id, reviewerId: second.id, decision: { action: "rejected", reason: "Looks like fraud" } });
    expect(disagreement.outcome).toBe("tie_break");
    expect(await db.reviewItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ status: "pending", stage: "tie_break", tier: "supervisor" });

    const thirdSenior = await createUser("senior_reviewer");
    expect((await claimNextItem({ reviewerId: thirdSenior.id, tiers: ["standard", "senior"] }))?.id).not.toBe(item.id);
    const supervisor = await createUser("supervisor");
    await db.reviewItem.update({ where: { id: item.id }, data: { priority: "urgent", slaDueAt: new Date(0) } });
    expect((await claimNextItem({ reviewerId: supervisor.id, tiers: ["standard", "senior", "supervisor"] }))?.id).toBe(item.id);
    await recordDecision({ itemId: item.id, reviewerId: supervisor.id, decision: { action: "rejected", reason: "Confirmed fraud" } });
    const run = await waitForRun(id, ["completed"]);
    expect(run.output).toMatchObject({ handedOff: true, decision: { action: "rejected", reason: "Confirmed fraud" } });
    expect(await db.reviewDecision.count({ where: { itemId: item.id } })).toBe(3);
  });

  it("uses the gate settings an admin saved for the next runs", async () => {
    const admin = await createUser("admin");
    await saveGateSettings({
      workflowName: "customer-support",
      stepId: "review_gate",
      thresholds: { autoThreshold: 1, reviewThreshold: 0.5, normalSlaMinutes: 45, lowSlaMinutes: 360, sensitiveSlaMinutes: 30 },
      actorId: admin.id,
    });
    try {
      const { id } = await submit(messages.confident[1]!.text);
      await waitForRun(id, ["waiting_for_review"]);
      const item = await db.reviewItem.findFirstOrThrow({ where: { runId: id } });
      expect(item).toMatchObject({ priority: "normal", slaMinutes: 45 });
      expect((item.context as { settingsVersion: number }).settingsVersion).toBeGreaterThanOrEqual(1);
    } finally {
      await saveGateSettings({
        workflowName: "customer-support",
        stepId: "review_gate",
        thresholds: { autoThreshold: 0.8, reviewThreshold: 0.5, normalSlaMinutes: 120, lowSlaMinutes: 360, sensitiveSlaMinutes: 30 },
        actorId: admin.id,
      });
    }
  });

  it("never commits a step twice when its job runs again", async () => {
    const { id } = await submit(messages.confident[2]!.text);
    await waitForRun(id, ["completed"]);
    const before = await db.runStep.findMany({ where: { runId: id } });
    // A redelivered job (e.g. after a worker crash) for a step that already committed.
    const again = await executeStep(workflowRegistry, { runId: id, stepId: "intent_classification", attempt: 1, maxAttempts: 1 });
    expect(again).toBe("skipped");
    const after = await db.runStep.findMany({ where: { runId: id } });
    expect(after.map((s) => [s.stepId, s.finishedAt.getTime()])).toEqual(before.map((s) => [s.stepId, s.finishedAt.getTime()]));
  });

  it("a decision submitted twice resumes the run once", async () => {
    const { id } = await submit(messages.unsure[1]!.text);
    const { item, reviewer } = await reviewAndDecide(id, "reviewer", { action: "approved" });
    const second = await recordDecision({ itemId: item.id, reviewerId: reviewer.id, decision: { action: "approved" } });
    expect(second.recorded).toBe(false);
    await waitForRun(id, ["completed"]);
    expect(await db.reviewDecision.count({ where: { itemId: item.id } })).toBe(1);
    expect(await db.runStep.count({ where: { runId: id, stepId: "deliver" } })).toBe(1);
  });

  it("the reconciler re-drives a run whose job was lost", async () => {
    // A run committed to PostgreSQL whose first job never reached Redis (e.g. Redis was flushed).
    const definition = workflowRegistry.latest("customer-support")!;
    const run = await db.run.create({
      data: {
        workflowName: definition.name,
        workflowVersion: definition.version,
        input: { message: messages.confident[3]!.text },
        currentStepId: "intent_classification",
        updatedAt: new Date(Date.now() - 5 * 60_000),
      },
    });
    const redriven = await reconcileRuns(workflowRegistry, { staleAfterMs: 60_000 });
    expect(redriven).toBeGreaterThanOrEqual(1);
    expect((await waitForRun(run.id, ["completed"])).status).toBe("completed");
  });

  it("the reconciler resumes a decided run whose resume job was lost", async () => {
    const { id } = await submit(messages.unsure[2]!.text);
    await waitForRun(id, ["waiting_for_review"]);
    // Decide while no worker runs, then lose the resume job, as if Redis had been flushed.
    await workers.close();
    const { item } = await reviewAndDecide(id, "reviewer", { action: "approved" });
    await getQueue(STEP_QUEUE).remove(stepJobId({ runId: id, stepId: item.stepId }));
    await db.reviewItem.update({ where: { id: item.id }, data: { resumedAt: null } });
    workers = await startWorkers(workflowRegistry, { maintenance: false, concurrency: 4 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await db.run.findUniqueOrThrow({ where: { id } })).status).toBe("running");

    // Other test files seed decided history without a resume stamp (dashboards, calibration):
    // stamp those so the reconciler's batch holds only this run's lost resume.
    await db.reviewItem.updateMany({ where: { status: "decided", resumedAt: null, id: { not: item.id } }, data: { resumedAt: new Date() } });
    expect(await resumeStalledDecisions({ olderThanMs: 0 })).toBe(1);
    expect((await waitForRun(id, ["completed"])).output).toMatchObject({ decision: { action: "approved" } });
    expect((await db.reviewItem.findUniqueOrThrow({ where: { id: item.id } })).resumedAt).not.toBeNull();
    expect(await db.runStep.count({ where: { runId: id, stepId: "deliver" } })).toBe(1);
  });
});
