import { expect, test } from "@playwright/test";
import { db } from "@/lib/db";
import { SEEDED, createUser, signIn } from "./support/fixtures";

// The supervisor's dashboard is live: an item that breaches its SLA shows up without a reload.
// The item is reserved for a user of this spec's own, so no other spec can claim it, and removed after.

const runs: string[] = [];

test.afterAll(async () => {
  await db.run.deleteMany({ where: { id: { in: runs } } });
});

test("a supervisor's dashboard changes when an item breaches, without a reload", async ({ page }) => {
  await signIn(page, SEEDED.supervisor);
  await page.goto("/dashboard");
  const pastSla = page.locator("div", { has: page.locator("dt", { hasText: /^Past SLA$/ }) }).last().locator("dd").first();
  await expect(pastSla).toHaveText(/^\d+$/);
  const before = Number(await pastSla.textContent());
  await expect(page.getByRole("figure").filter({ hasText: "Workflow completion rate" })).toBeVisible();

  // An item due in five seconds.
  const holder = await createUser("reviewer");
  const run = await db.run.create({ data: { workflowName: "customer-support", workflowVersion: 1, status: "waiting_for_review", input: { message: "e2e dashboard" }, currentStepId: "review_gate" } });
  runs.push(run.id);
  const now = Date.now();
  await db.reviewItem.create({
    data: {
      runId: run.id,
      stepId: "review_gate",
      workflowName: "customer-support",
      priority: "normal",
      tier: "standard",
      confidence: 0.6,
      proposal: { reply: "e2e" },
      context: { editableFields: ["reply"] },
      slaMinutes: 1,
      slaDueAt: new Date(now + 5_000),
      atRiskAt: new Date(now + 1_000),
      assignedToId: holder.id,
    },
  });

  // A reload would wipe this marker: the page must update in place.
  await page.evaluate(() => ((window as unknown as { stillThisPage: boolean }).stillThisPage = true));
  await expect.poll(async () => Number(await pastSla.textContent()), { timeout: 20_000 }).toBeGreaterThan(before);
  expect(await page.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
});
