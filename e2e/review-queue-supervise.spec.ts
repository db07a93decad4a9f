import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { db } from "@/lib/db";
import { createUser, messages, reserveFor, SEEDED, signIn, submitRun, waitForReviewItem } from "./support/fixtures";

// What a supervisor does on /supervise: see who holds what, take an item back, hand items to a
// named reviewer, and read an item's recent history.

// Runs this spec created: removed after each test (with their items), so no other spec meets them.
const created: string[] = [];
test.afterEach(async () => {
  await db.run.deleteMany({ where: { id: { in: created.splice(0) } } });
});

async function submit(request: APIRequestContext, message: string): Promise<string> {
  const runId = await submitRun(request, message);
  created.push(runId);
  return runId;
}

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

/** Puts an item past its at-risk moment (its deadline stays ahead, so the SLA job does not escalate it). */
async function makeAtRisk(itemId: string) {
  await db.reviewItem.update({ where: { id: itemId }, data: { atRiskAt: new Date(Date.now() - 60_000), slaDueAt: new Date(Date.now() + 30 * 60_000) } });
}

test("a supervisor force-releases a held item and the holder's decision is then refused", async ({ browser, request }) => {
  const reviewer = await createUser("reviewer");
  const runId = await submit(request, messages().doubtful[30]!.text);
  const item = await waitForReviewItem(runId);
  await reserveFor(item.id, reviewer.id);

  const reviewerPage = await signedInPage(browser, reviewer.email);
  await reviewerPage.goto("/queue");
  await reviewerPage.getByRole("button", { name: "Review next item" }).click();
  await reviewerPage.waitForURL(`**/review/${item.id}`);

  const supervisor = await signedInPage(browser, SEEDED.supervisor);
  await supervisor.getByRole("link", { name: "Supervise" }).click();
  await supervisor.waitForURL("**/supervise");
  const row = supervisor.locator(`#item-${item.id}`);
  await expect(row).toContainText(reviewer.name);
  await expect(row.getByRole("timer").first()).toContainText(/left/);
  await row.getByRole("button", { name: "Force release" }).click();
  // Back in the queue (reserved for the reviewer, not at risk): in neither list any more.
  await expect(row).toHaveCount(0);
  const released = await db.reviewItem.findUniqueOrThrow({ where: { id: item.id }, select: { status: true, claimedById: true } });
  expect(released).toEqual({ status: "pending", claimedById: null });
  const lastEvent = await db.reviewEvent.findFirstOrThrow({ where: { itemId: item.id }, orderBy: { id: "desc" }, select: { type: true, actor: { select: { email: true } } } });
  expect(lastEvent).toEqual({ type: "released", actor: { email: SEEDED.supervisor } });

  // The reviewer's page is still open; deciding now is refused, and nothing is recorded.
  await reviewerPage.getByRole("button", { name: "Approve" }).click();
  await expect(reviewerPage.getByRole("alert").filter({ hasText: "You do not hold this item" })).toBeVisible();
  await expect(reviewerPage).toHaveURL(new RegExp(`/review/${item.id}$`));
  expect(await db.reviewDecision.count({ where: { itemId: item.id } })).toBe(0);
});

test("a supervisor assigns an at-risk item to a reviewer who then gets it next, and the history shows it", async ({ browser, request }) => {
  const reviewer = await createUser("reviewer");
  const runId = await submit(request, messages().doubtful[31]!.text);
  const item = await waitForReviewItem(runId);
  await makeAtRisk(item.id);

  const supervisor = await signedInPage(browser, SEEDED.supervisor);
  await supervisor.goto("/supervise");
  const row = supervisor.locator(`#item-${item.id}`);
  await expect(row).toContainText("Not reserved");
  await row.getByLabel("Assign to").selectOption(reviewer.id);
  await row.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(row).toContainText(`Reserved for ${reviewer.name}`);

  await row.getByText(/^History/).click();
  await expect(row.getByText(`assignee: nobody → ${reviewer.name}`)).toBeVisible();
  await expect(row.getByText("created", { exact: true })).toBeVisible();

  // The reservation wins over everything else waiting.
  const reviewerPage = await signedInPage(browser, reviewer.email);
  await reviewerPage.goto("/queue");
  await reviewerPage.getByRole("button", { name: "Review next item" }).click();
  await reviewerPage.waitForURL(`**/review/${item.id}`);

  // Now it shows as held; clearing the assignment also hands it back to the queue.
  await supervisor.reload();
  await expect(row).toContainText(reviewer.name);
  await expect(row.getByRole("button", { name: "Force release" })).toBeVisible();
  await row.getByRole("button", { name: "Clear assignment" }).click();
  await expect(row.getByRole("button", { name: "Force release" })).toHaveCount(0);
  await expect(row).toContainText("Not reserved");
  expect(await db.reviewItem.findUniqueOrThrow({ where: { id: item.id }, select: { status: true, assignedToId: true } })).toEqual({ status: "pending", assignedToId: null });
});

test("only people who can take the item's tier are offered, and a refused assignment explains why", async ({ browser, request }) => {
  const [reviewer, senior, leaver] = await Promise.all([createUser("reviewer"), createUser("senior_reviewer"), createUser("senior_reviewer")]);
  const runId = await submit(request, `Someone stole my card and made payments I did not authorise, this is fraud (ref ${Date.now()})`);
  const item = await waitForReviewItem(runId);
  await makeAtRisk(item.id);

  const supervisor = await signedInPage(browser, SEEDED.supervisor);
  await supervisor.goto("/supervise");
  const select = supervisor.locator(`#item-${item.id}`).getByLabel("Assign to");
  await expect(select.locator(`option[value="${senior.id}"]`)).toHaveCount(1);
  await expect(select.locator(`option[value="${reviewer.id}"]`)).toHaveCount(0);

  // Chosen on the page, then deactivated before the click: the server refuses, the page says why.
  await select.selectOption(leaver.id);
  await db.user.update({ where: { id: leaver.id }, data: { active: false } });
  await supervisor.locator(`#item-${item.id}`).getByRole("button", { name: "Assign", exact: true }).click();
  await expect(supervisor.locator(`#item-${item.id}`).getByRole("alert")).toHaveText(`${leaver.name} is deactivated and cannot be given items`);
  expect((await db.reviewItem.findUniqueOrThrow({ where: { id: item.id }, select: { assignedToId: true } })).assignedToId).toBeNull();
});

test("reviewers have no Supervise link and cannot open the page", async ({ page }) => {
  await signIn(page, SEEDED.reviewer);
  await expect(page.getByRole("link", { name: "Supervise" })).toHaveCount(0);
  await page.goto("/supervise");
  await expect(page.getByText("You do not have access")).toBeVisible();
});
