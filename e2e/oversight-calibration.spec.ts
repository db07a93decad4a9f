import { expect, test } from "@playwright/test";
import { db } from "@/lib/db";
import { getGateSettings, saveGateSettings } from "@/lib/settings/gate-settings";
import { loadBanking77 } from "@/lib/models/banking77";
import { getBuiltInIntentClassifier } from "@/lib/models/intent-classifier";
import { assessSensitivity } from "@/lib/models/sensitivity";
import { SEEDED, signIn, submitRun, waitForReviewItem } from "./support/fixtures";

// An admin reads the calibration curve built from reviewers' decisions, applies the recommended
// threshold, and the gate uses it for the next run. The history is seeded straight into the
// database (10 days old, so no other spec sees it in its queue or dashboard) and removed after.

const WORKFLOW = "customer-support";
const GATE = "review_gate";
const DEFAULTS = { autoThreshold: 0.8, reviewThreshold: 0.5, normalSlaMinutes: 120, lowSlaMinutes: 360, sensitiveSlaMinutes: 30 };
const MARK = "e2e-calibration";
const cleanup: string[] = [];

test.beforeAll(async () => {
  const admin = await db.user.findUniqueOrThrow({ where: { email: SEEDED.admin } });
  // The automatic passes below were made under 10% audit sampling.
  const version = (await saveGateSettings({ workflowName: WORKFLOW, stepId: GATE, thresholds: DEFAULTS, auditSampleRate: 0.1, actorId: admin.id, note: "e2e: audit sampling on" })).version;
  // 10 000 automatic outputs at 0.95 (1% wrong among the 1 000 audited), 10 000 at 0.85 (3%),
  // 500 reviewed at 0.70 (10%) and 500 at 0.55 (20%): at a 2% target the recommendation is 0.86.
  // One transaction: the temporary table lives on one connection and is dropped at commit.
  await db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`
        CREATE TEMP TABLE spec ON COMMIT DROP AS
        SELECT g, gen_random_uuid() AS run_id,
        CASE WHEN g <= 10000 THEN 0.95 WHEN g <= 20000 THEN 0.85 WHEN g <= 20500 THEN 0.70 ELSE 0.55 END AS confidence,
        g <= 20000 AS auto, (g <= 20000 AND g % 10 = 0) AS audited,
        CASE WHEN g <= 10000 THEN g % 10 = 0 AND g <= 100 WHEN g <= 20000 THEN g % 10 = 0 AND g <= 10300
        WHEN g <= 20500 THEN g <= 20050 ELSE g <= 20600 END AS wrong,
        now() - interval '10 days' + g * interval '1 second' AS at
        FROM generate_series(1, 21000) AS g`);
      await tx.$executeRawUnsafe(`
        INSERT INTO runs (id, workflow_name, workflow_version, status, input, created_at, updated_at, completed_at)
        SELECT run_id, '${WORKFLOW}', 1, 'completed', '{"message":"${MARK}"}', at, at, at FROM spec`);
      await tx.$executeRawUnsafe(`
        INSERT INTO run_steps (id, run_id, step_id, kind, status, output, confidence, latency_ms, started_at, finished_at)
        SELECT gen_random_uuid(), run_id, '${GATE}', 'gate', 'completed',
        jsonb_build_object('route', CASE WHEN auto THEN 'auto' ELSE 'review' END, 'settingsVersion', ${version}), confidence, 1, at, at FROM spec`);
      await tx.$executeRawUnsafe(`
        INSERT INTO review_items (id, run_id, step_id, workflow_name, status, priority, tier, is_audit, confidence, proposal, context,
        sla_minutes, sla_due_at, at_risk_at, created_at, decision, decided_by_id, decided_at, resumed_at)
        SELECT gen_random_uuid(), run_id, '${GATE}', '${WORKFLOW}', 'decided', 'low', 'standard', audited, confidence, '{"reply":"${MARK}"}',
        CASE WHEN audited THEN '{"auditSampleRate":0.1,"editableFields":["reply"]}'::jsonb ELSE '{"editableFields":["reply"]}'::jsonb END,
        360, at + interval '6 hours', at + interval '4 hours', at,
        CASE WHEN wrong THEN 'rejected'::decision_action ELSE 'approved'::decision_action END, '${admin.id}', at + interval '1 hour', at + interval '1 hour'
        FROM spec WHERE audited OR NOT auto`);
    },
    { timeout: 60_000 },
  );
});

test.afterAll(async () => {
  await db.run.deleteMany({ where: { OR: [{ input: { equals: { message: MARK } } }, { id: { in: cleanup } }] } });
  const admin = await db.user.findUniqueOrThrow({ where: { email: SEEDED.admin } });
  await saveGateSettings({ workflowName: WORKFLOW, stepId: GATE, thresholds: DEFAULTS, auditSampleRate: 0, actorId: admin.id, note: "e2e: restore defaults" });
});

test("an admin applies the recommended threshold and the gate uses it", async ({ page, request }) => {
  await signIn(page, SEEDED.admin);
  await page.goto("/admin/calibration");
  await expect(page.getByRole("heading", { name: "Threshold calibration" })).toBeVisible();
  await expect(page.getByRole("img", { name: /Calibration curve/ })).toBeVisible();

  const card = page.locator("div", { has: page.locator("dt", { hasText: /^Recommended for/ }) }).last();
  const recommended = Number(await card.locator("dd").first().textContent());
  expect(recommended).toBeGreaterThan(0.8);
  expect(recommended).toBeLessThan(0.95);

  // The preview starts on the recommendation and says what it would have done to the last runs.
  await expect(page.getByLabel("Auto threshold")).toHaveValue(String(recommended));
  await expect(page.getByText(/Would skip review/)).toBeVisible();
  await page.getByLabel("Note").fill("e2e: calibrated");
  await page.getByRole("button", { name: `Apply threshold ${recommended.toFixed(2)}` }).click();
  await expect(page.getByRole("status").filter({ hasText: /Saved as version \d+/ })).toBeVisible();

  // In force: the settings page shows it with who made the change...
  await page.goto("/admin/settings");
  const gate = page.getByRole("region", { name: /^customer-support/ });
  await expect(gate.getByLabel("Auto threshold")).toHaveValue(String(recommended));
  const history = gate.getByRole("table").last();
  await expect(history.getByRole("row").nth(1)).toContainText("e2e: calibrated");
  await expect(history.getByRole("row").nth(1)).toContainText("Ada Admin");
  const inForce = await getGateSettings(WORKFLOW, GATE, DEFAULTS);
  expect(inForce.autoThreshold).toBe(recommended);

  // ...and the gate uses it: a message the model is 0.80–recommended sure of, automatic before, now goes to review.
  const between = heldOutMessageBetween(0.8, recommended);
  test.skip(!between, "no held-out message between 0.80 and the recommended threshold");
  const runId = await submitRun(request, between!.text);
  cleanup.push(runId);
  const item = await waitForReviewItem(runId);
  const stored = await db.reviewItem.findUniqueOrThrow({ where: { id: item.id } });
  expect((stored.context as { settingsVersion: number }).settingsVersion).toBe(inForce.version);
  expect(stored.isAudit).toBe(false);
});

/** A real held-out customer message that the real model is between `low` and `high` sure of. */
function heldOutMessageBetween(low: number, high: number): { text: string } | undefined {
  const classifier = getBuiltInIntentClassifier();
  return loadBanking77().heldOut.find(({ text }) => {
    const { intent, confidence } = classifier.predict(text);
    return confidence >= low + 0.005 && confidence < high - 0.005 && !assessSensitivity({ message: text, intent }).sensitive;
  });
}
