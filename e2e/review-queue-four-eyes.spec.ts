import { expect, test, type Page } from "@playwright/test";
import { db } from "@/lib/db";
import { createUser, reserveFor, signIn, submitRun, waitForReviewItem } from "./support/fixtures";

// A sensitive item needs two approvals from different senior reviewers before its run resumes.

const FRAUD = "Someone stole my card and made payments I did not authorise, this is fraud";

async function approveNextItem(page: Page, email: string, itemId: string) {
  await page.context().clearCookies();
  await signIn(page, email);
  await page.goto("/queue");
  await page.getByRole("button", { name: "Review next item" }).click();
  await page.waitForURL(`**/review/${itemId}`);
  await page.getByRole("button", { name: "Approve" }).click();
  await page.waitForURL("**/queue?decided=*");
}

async function expectRunStatus(page: Page, runId: string, status: string) {
  await page.goto(`/runs/${runId}`);
  await expect(page.getByText(status, { exact: true }).first()).toBeVisible({ timeout: 20_000 });
}

test("a sensitive item waits for a second senior approval, then the run completes", async ({ page, request }) => {
  const [firstSenior, secondSenior] = await Promise.all([createUser("senior_reviewer"), createUser("senior_reviewer")]);
  const runId = await submitRun(request, `${FRAUD} (ref ${Date.now()})`);
  const item = await waitForReviewItem(runId);
  const stored = await db.reviewItem.findUniqueOrThrow({ where: { id: item.id }, select: { sensitive: true, tier: true, requiredApprovals: true } });
  expect(stored).toEqual({ sensitive: true, tier: "senior", requiredApprovals: 2 });

  // Reserved by name, so leftover urgent items in the shared queue cannot come first.
  await reserveFor(item.id, firstSenior.id);
  await approveNextItem(page, firstSenior.email, item.id);
  await expect(page.getByRole("status").filter({ hasText: "needs a second, independent review" })).toBeVisible();

  // One approval is not enough: the run still waits, and the first senior cannot give the second.
  await expectRunStatus(page, runId, "waiting for review");
  await page.goto(`/review/${item.id}`);
  await expect(page.getByText("You decided this item (approved, first review)")).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);

  await reserveFor(item.id, secondSenior.id);
  await approveNextItem(page, secondSenior.email, item.id);
  await expect(page.getByRole("status").filter({ hasText: "Decision recorded" })).toBeVisible();

  await expectRunStatus(page, runId, "completed");
  const decisions = await db.reviewDecision.findMany({ where: { itemId: item.id }, orderBy: { createdAt: "asc" }, select: { reviewerId: true, stage: true, action: true } });
  expect(decisions).toEqual([
    { reviewerId: firstSenior.id, stage: "first_review", action: "approved" },
    { reviewerId: secondSenior.id, stage: "second_review", action: "approved" },
  ]);
});
