import { expect, test, type Browser, type Page } from "@playwright/test";
import { db } from "@/lib/db";
import { createUser, messages, signIn, submitRun, waitForReviewItem } from "./support/fixtures";

// Two reviewers press "Review next item" at the same moment: FOR UPDATE SKIP LOCKED hands them
// different items, and each holds exactly the item their page shows.

const REVIEW_URL = /\/review\/([0-9a-f-]{36})$/;

async function reviewerPage(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  await page.goto("/queue");
  await expect(page.getByRole("button", { name: "Review next item" })).toBeEnabled();
  return page;
}

test("two reviewers claiming at the same moment land on different items", async ({ browser, request }) => {
  // Fresh reviewers hold nothing, so neither is handed an item they already had.
  const [first, second] = await Promise.all([createUser("reviewer"), createUser("reviewer")]);
  // Two items of this test's own, so the queue has enough for both whatever else is (or is not) waiting.
  const runIds = await Promise.all([submitRun(request, messages().doubtful[20]!.text), submitRun(request, messages().doubtful[21]!.text)]);
  await Promise.all(runIds.map((runId) => waitForReviewItem(runId)));

  const pages = await Promise.all([reviewerPage(browser, first.email), reviewerPage(browser, second.email)]);
  try {
    await Promise.all(pages.map((page) => page.getByRole("button", { name: "Review next item" }).click()));
    await Promise.all(pages.map((page) => page.waitForURL(REVIEW_URL)));

    const [firstItem, secondItem] = pages.map((page) => REVIEW_URL.exec(new URL(page.url()).pathname)![1]!);
    expect(firstItem).not.toBe(secondItem);
    // Each page is the item its reviewer holds, and each reviewer holds exactly one.
    for (const [user, itemId, page] of [[first, firstItem, pages[0]!], [second, secondItem, pages[1]!]] as const) {
      const held = await db.reviewItem.findMany({ where: { status: "claimed", claimedById: user.id }, select: { id: true } });
      expect(held.map((item) => item.id)).toEqual([itemId]);
      await expect(page.getByRole("button", { name: "Approve" })).toBeVisible();
      await expect(page.getByRole("timer").filter({ hasText: "Your claim lasts" })).toBeVisible();
    }
  } finally {
    // Hand back whatever they took and remove this test's items, so no later spec meets them.
    await db.reviewItem.updateMany({
      where: { status: "claimed", claimedById: { in: [first.id, second.id] } },
      data: { status: "pending", claimedById: null, claimedAt: null, leaseExpiresAt: null },
    });
    await db.run.deleteMany({ where: { id: { in: runIds } } });
    await Promise.all(pages.map((page) => page.context().close()));
  }
});
