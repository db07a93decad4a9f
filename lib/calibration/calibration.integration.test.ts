import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { submitRun } from "@/lib/engine/submit-run";
import { closeQueues } from "@/lib/queues/producers";
import { claimNextItem } from "@/lib/review/claim-next-item";
import { recordDecision } from "@/lib/review/record-decision";
import { resumeStalledDecisions } from "@/lib/review/resume-stalled-decisions";
import { getGateSettings, saveGateSettings } from "@/lib/settings/gate-settings";
import { workflowRegistry } from "@/lib/workflows";
import { startWorkers, type RunningWorkers } from "@/workers/start-workers";
import { createUser, pickMessages, waitForRun } from "@/test/integration-helpers";
import { getCalibration } from "./get-calibration";
import { previewThresholds } from "./preview-thresholds";

const WORKFLOW = "customer-support";
const GATE = "review_gate";
const DEFAULTS = { autoThreshold: 0.8, reviewThreshold: 0.5, normalSlaMinutes: 120, lowSlaMinutes: 360, sensitiveSlaMinutes: 30 };

let workers: RunningWorkers;

beforeAll(async () => {
  workers = await startWorkers(workflowRegistry, { maintenance: false, concurrency: 4 });
});

afterAll(async () => {
  // Leave the gate as the other test files expect it: the defaults, no audit sampling.
  const admin = await createUser("admin");
  await saveGateSettings({ workflowName: WORKFLOW, stepId: GATE, thresholds: DEFAULTS, auditSampleRate: 0, actorId: admin.id, note: "test cleanup" });
  await workers.close();
  await closeQueues();
});

describe("audit sampling at the gate", () => {
  it("sends an automatically accepted output to audit review without holding the run, and the audit decision resumes nothing", async () => {
    const admin = await createUser("admin");
    await saveGateSettings({ workflowName: WORKFLOW, stepId: GATE, thresholds: DEFAULTS, auditSampleRate: 1, actorId: admin.id, note: "audit everything" });
    const message = pickMessages().confident[0]!.text;
    const { id } = await submitRun(workflowRegistry, { workflowName: WORKFLOW, input: { message } });
    const run = await waitForRun(id, ["completed", "failed"]);
    expect(run.status).toBe("completed");
    expect((run.output as { route: string }).route).toBe("auto");

    const item = await db.reviewItem.findFirstOrThrow({ where: { runId: id } });
    expect(item).toMatchObject({ isAudit: true, priority: "low", tier: "standard", status: "pending", sensitive: false, slaMinutes: DEFAULTS.lowSlaMinutes });
    expect((item.context as { auditSampleRate: number }).auditSampleRate).toBe(1);

    // A reviewer works it like any other item, and edits it: the run must not move.
    await saveGateSettings({ workflowName: WORKFLOW, stepId: GATE, thresholds: DEFAULTS, auditSampleRate: 0, actorId: admin.id });
    const reviewer = await createUser("reviewer");
    await db.reviewItem.update({ where: { id: item.id }, data: { priority: "urgent", slaDueAt: new Date(0) } });
    expect((await claimNextItem({ reviewerId: reviewer.id, tiers: ["standard"] }))?.id).toBe(item.id);
    const decided = await recordDecision({ itemId: item.id, reviewerId: reviewer.id, decision: { action: "edited", editedText: "A better reply" } });
    expect(decided).toMatchObject({ recorded: true, outcome: "final" });

    const after = await db.run.findUniqueOrThrow({ where: { id } });
    expect(after.status).toBe("completed");
    expect(after.output).toEqual(run.output);
    expect(after.updatedAt.getTime()).toBe(run.updatedAt.getTime());
    const gateStep = await db.runStep.findUniqueOrThrow({ where: { runId_stepId: { runId: id, stepId: GATE } } });
    expect((gateStep.output as { route: string }).route).toBe("auto");
    const decidedItem = await db.reviewItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(decidedItem).toMatchObject({ status: "decided", decision: "edited" });
    // Nothing to resume: the stalled-decision reconciler leaves it alone.
    expect(decidedItem.resumedAt).not.toBeNull();
    await resumeStalledDecisions({ olderThanMs: 0 });
    expect(await db.reviewEvent.count({ where: { itemId: item.id, type: "resumed" } })).toBe(0);
  });

  it("samples nothing at rate 0", async () => {
    const { id } = await submitRun(workflowRegistry, { workflowName: WORKFLOW, input: { message: pickMessages().confident[1]!.text } });
    await waitForRun(id, ["completed"]);
    expect(await db.reviewItem.count({ where: { runId: id } })).toBe(0);
  });
});

// Constructed history with a known answer, far in the past so other tests' runs stay out of the
// period: 10 000 automatic outputs audited at 10% (1 000 labels, 1% wrong) at confidence 0.95,
// the same at 0.85 with 3% wrong, and 500 reviewed outputs at 0.70 with 10% wrong and 500 at 0.55
// with 20% wrong (the same numbers as the unit test of the arithmetic, here through SQL).
describe("calibration from stored decisions", () => {
  const now = new Date("2020-02-01T00:00:00Z");
  let version: number;

  beforeAll(async () => {
    const admin = await createUser("admin");
    const reviewer = await createUser("reviewer");
    // The settings version the automatic passes were made under: 10% audit sampling.
    version = (await saveGateSettings({ workflowName: WORKFLOW, stepId: GATE, thresholds: DEFAULTS, auditSampleRate: 0.1, actorId: admin.id })).version;
    // One transaction: the temporary table lives on one connection and is dropped at commit.
    await db.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`
          CREATE TEMP TABLE spec ON COMMIT DROP AS
          SELECT g, CASE WHEN g <= 10000 THEN 0.95 WHEN g <= 20000 THEN 0.85 WHEN g <= 20500 THEN 0.70 ELSE 0.55 END AS confidence,
                 CASE WHEN g <= 20000 THEN 'auto' ELSE 'review' END AS route,
                 -- every tenth automatic output is an audit sample; the wrong ones are counted exactly
                 (g <= 20000 AND g % 10 = 0) AS audited,
                 CASE WHEN g <= 10000 THEN g % 10 = 0 AND g <= 100
                      WHEN g <= 20000 THEN g % 10 = 0 AND g <= 10300
                      WHEN g <= 20500 THEN g <= 20050
                      ELSE g <= 20600 END AS wrong
          FROM generate_series(1, 21000) AS g`);
        await tx.$executeRawUnsafe(`ALTER TABLE spec ADD COLUMN run_id uuid DEFAULT gen_random_uuid()`);
        await tx.$executeRawUnsafe(`
          INSERT INTO runs (id, workflow_name, workflow_version, status, input, created_at, updated_at, completed_at)
          SELECT run_id, '${WORKFLOW}', 1, 'completed', '{}', timestamptz '2020-01-15' + g * interval '1 second', now(), now() FROM spec`);
        await tx.$executeRawUnsafe(`
          INSERT INTO run_steps (id, run_id, step_id, kind, status, output, confidence, latency_ms, started_at)
          SELECT gen_random_uuid(), run_id, '${GATE}', 'gate', 'completed', jsonb_build_object('route', route, 'settingsVersion', ${version}), confidence, 1, timestamptz '2020-01-15'
          FROM spec`);
        await tx.$executeRawUnsafe(`
          INSERT INTO review_items (id, run_id, step_id, workflow_name, status, priority, tier, is_audit, confidence, proposal, context,
                                    sla_minutes, sla_due_at, at_risk_at, created_at, decision, decided_by_id, decided_at)
          SELECT gen_random_uuid(), run_id, '${GATE}', '${WORKFLOW}', 'decided', 'low', 'standard', audited, confidence, '{"reply":"x"}',
                 CASE WHEN audited THEN '{"auditSampleRate":0.1}'::jsonb ELSE '{}'::jsonb END, 60, now(), now(), timestamptz '2020-01-15',
                 CASE WHEN wrong THEN 'rejected'::decision_action ELSE 'approved'::decision_action END, '${reviewer.id}', timestamptz '2020-01-16'
          FROM spec WHERE audited OR route = 'review'`);
      },
      { timeout: 60_000 },
    );
  });

  it("recovers the true error of what each threshold would automate", async () => {
    const result = await getCalibration({ workflowName: WORKFLOW, stepId: GATE, targetError: 0.02, now, days: 30 });
    expect(result.population).toBe(21_000);
    expect(result.labelled).toBe(3_000);
    expect(result.auditLabelled).toBe(2_000);
    // At 0.70: 100 + 300 + 50 wrong among 20 500 automated outputs, recovered from 2 500 labels.
    expect(result.curve[70]!.estimatedError).toBeCloseTo(450 / 20_500, 10);
    expect(result.curve[70]!.shareAutomated).toBeCloseTo(20_500 / 21_000, 10);
    expect(result.curve[0]!.estimatedError).toBeCloseTo(550 / 21_000, 10);
    expect(result.curve[90]!.estimatedError).toBeCloseTo(0.01, 10);
    expect(result.curve[90]!.shareAutomated).toBeCloseTo(10_000 / 21_000, 10);
    expect(result.curve[80]!.unmeasuredShare).toBe(0);
    // The 1% band alone is under 2% with 95% confidence; adding the 3% band is not.
    expect(result.recommendation).toMatchObject({ threshold: 0.86, shareAutomated: 10_000 / 21_000 });
    // With 3% allowed the 0.70 band still fits and the 0.55 band does not.
    const looser = await getCalibration({ workflowName: WORKFLOW, stepId: GATE, targetError: 0.03, now, days: 30 });
    expect(looser.recommendation?.threshold).toBe(0.56);
  });

  it("counts an unsampled period as unmeasured and recommends nothing for it", async () => {
    await db.$executeRawUnsafe(`UPDATE gate_settings SET audit_sample_rate = 0 WHERE workflow_name = '${WORKFLOW}' AND version = ${version}`);
    try {
      const result = await getCalibration({ workflowName: WORKFLOW, stepId: GATE, targetError: 0.02, now, days: 30 });
      expect(result.curve[80]!.unmeasuredShare).toBe(1);
      expect(result.recommendation).toBeNull();
    } finally {
      await db.$executeRawUnsafe(`UPDATE gate_settings SET audit_sample_rate = 0.1 WHERE workflow_name = '${WORKFLOW}' AND version = ${version}`);
    }
  });
});

describe("threshold preview", () => {
  it("replays the last runs under the proposed thresholds", async () => {
    // Three fresh runs, newest last: reviewed and approved at 0.75, reviewed and rejected at 0.78, automatic at 0.9.
    const reviewer = await createUser("reviewer");
    const made: string[] = [];
    for (const [confidence, route, decision] of [
      [0.75, "review", "approved"],
      [0.78, "review", "rejected"],
      [0.9, "auto", null],
    ] as const) {
      const runId = randomUUID();
      made.push(runId);
      await db.run.create({ data: { id: runId, workflowName: "preview-test", workflowVersion: 1, status: "completed", input: {}, createdAt: new Date(Date.now() + made.length) } });
      if (route === "auto") {
        await db.runStep.create({ data: { runId, stepId: GATE, kind: "gate", status: "completed", output: { route: "auto" }, confidence, latencyMs: 1, startedAt: new Date() } });
      } else {
        await db.reviewItem.create({
          data: { runId, stepId: GATE, workflowName: "preview-test", status: "decided", priority: "normal", tier: "standard", confidence, proposal: {}, context: {}, slaMinutes: 60, slaDueAt: new Date(), atRiskAt: new Date(), decision, decidedById: reviewer.id, decidedAt: new Date() },
        });
      }
    }
    const preview = await previewThresholds({ workflowName: "preview-test", stepId: GATE, thresholds: { ...DEFAULTS, autoThreshold: 0.7 }, limit: 10 });
    expect(preview).toMatchObject({ runs: 3, automatedNow: 1, automatedProposed: 3, toAuto: 2, toReview: 0, knownErrorsReleased: 1, knownCorrectReleased: 1 });
    expect(preview.sample.map((r) => r.runId)).toEqual([...made].reverse());
    const stricter = await previewThresholds({ workflowName: "preview-test", stepId: GATE, thresholds: { ...DEFAULTS, autoThreshold: 0.95 }, limit: 2 });
    expect(stricter).toMatchObject({ runs: 2, automatedNow: 1, automatedProposed: 0, toReview: 1 });
  });
});
