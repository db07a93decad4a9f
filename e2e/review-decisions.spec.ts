import { expect, test, type Page } from "@playwright/test";
import { db } from "@/lib/db";
import { createUser, messages, reserveFor, signIn, submitRun, waitForReviewItem } from "./support/fixtures";

// A reviewer works an item in the browser and the waiting run completes with their decision.

async function openNextItem(page: Page, itemId: string) {
  await page.goto("/queue");
  await page.getByRole("button", { name: "Review next item" }).click();
  await page.waitForURL(`**/review/${itemId}`);
}

async function expectRunCompletedWith(page: Page, runId: string, reply: string) {
  await page.goto(`/runs/${runId}`);
  await expect(page.getByText("completed", { exact: true }).first()).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText(reply).first()).toBeVisible();
}

test("a reviewer approves an item and the run completes with the model's reply", async ({ page, request }) => {
  const reviewer = await createUser("reviewer");
  const runId = await submitRun(request, messages().doubtful[0]!.text);
  const item = await waitForReviewItem(runId);
  await reserveFor(item.id, reviewer.id);

  await signIn(page, reviewer.email);
  await openNextItem(page, item.id);
  await expect(page.getByLabel("Reply")).toHaveValue(item.proposal.reply);
  await page.getByRole("button", { name: "Approve" }).click();
  await page.waitForURL("**/queue?decided=*");

  await expectRunCompletedWith(page, runId, item.proposal.reply.split("\n")[0]!);
});

test("a reviewer edits the reply and the run completes with the edit", async ({ page, request }) => {
  const reviewer = await createUser("reviewer");
  const runId = await submitRun(request, messages().doubtful[1]!.text);
  const item = await waitForReviewItem(runId);
  await reserveFor(item.id, reviewer.id);

  await signIn(page, reviewer.email);
  await openNextItem(page, item.id);
  const edited = `Edited in the browser ${Date.now()}: please open the app and check Cards.`;
  await page.getByLabel("Reply").fill(edited);
  await page.getByRole("button", { name: "Save edit" }).click();
  await page.waitForURL("**/queue?decided=*");

  await expectRunCompletedWith(page, runId, edited);
});

test("a reviewer must give a reason to reject, and the run hands off to a person", async ({ page, request }) => {
  const reviewer = await createUser("reviewer");
  const runId = await submitRun(request, messages().doubtful[2]!.text);
  const item = await waitForReviewItem(runId);
  await reserveFor(item.id, reviewer.id);

  await signIn(page, reviewer.email);
  await openNextItem(page, item.id);
  await page.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByText("Say why you reject it")).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/review/${item.id}$`));

  await page.getByLabel("Reason", { exact: true }).fill("Wrong intent: the customer asks about something else");
  await page.getByLabel("Reason code").selectOption("wrong_intent");
  await page.getByRole("button", { name: "Reject" }).click();
  await page.waitForURL("**/queue?decided=*");
  expect(await db.reviewDecision.findFirstOrThrow({ where: { itemId: item.id } })).toMatchObject({ action: "rejected", reasonCode: "wrong_intent" });

  await expectRunCompletedWith(page, runId, "A member of our support team will pick this up personally");
});

test("model output is shown as text, never as markup", async ({ page, request }) => {
  const reviewer = await createUser("reviewer");
  const hostile = `<img src=x onerror="document.title='pwned'"> ${messages().doubtful[3]!.text}`;
  const runId = await submitRun(request, hostile);
  const item = await waitForReviewItem(runId);
  await reserveFor(item.id, reviewer.id);

  await signIn(page, reviewer.email);
  await openNextItem(page, item.id);
  await expect(page.getByText('<img src=x onerror="document.title=\'pwned\'">', { exact: false }).first()).toBeVisible();
  expect(await page.title()).not.toBe("pwned");
  expect(await page.locator("img[src='x']").count()).toBe(0);
});
