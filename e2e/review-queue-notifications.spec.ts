import { expect, test } from "@playwright/test";
import { db } from "@/lib/db";
import { createUser, messages, signIn, submitRun, waitForReviewItem } from "./support/fixtures";

// The bell counts unread notifications addressed to the user and to their role (last 7 days);
// /notifications lists them. Personal ones get "Mark all read"; role ones are a feed whose "new"
// ends with the visit (a cookie), see lib/notifications/find-notifications.ts.

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

test("the bell counts a reviewer's notifications, the page lists them, and Mark all read clears them", async ({ page, request }) => {
  const reviewer = await createUser("reviewer");
  const runId = await submitRun(request, messages().doubtful[40]!.text);
  const item = await waitForReviewItem(runId);
  const tag = reviewer.id.slice(0, 8);
  await db.notification.createMany({
    data: [
      { recipientId: reviewer.id, type: "assigned", title: `Item assigned to you ${tag}`, body: "A supervisor reserved an item for you.", itemId: item.id },
      { recipientId: reviewer.id, type: "note", title: `Personal note ${tag}`, body: "Read me." },
      { role: "reviewer", type: "announcement", title: `For all reviewers ${tag}`, body: "A role-wide notice." },
      // Outside the seven-day window: neither counted nor listed.
      { recipientId: reviewer.id, type: "note", title: `Old note ${tag}`, body: "Too old.", createdAt: new Date(Date.now() - WEEK_MS - 60_000) },
    ],
  });
  // A new account has never seen the role feed: every role notification of the week is new to it.
  const roleNotices = await db.notification.count({ where: { recipientId: null, role: "reviewer", createdAt: { gte: new Date(Date.now() - WEEK_MS) } } });

  await signIn(page, reviewer.email);
  await page.goto("/queue");
  const bell = page.getByRole("link", { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName(`Notifications, ${2 + roleNotices} unread`);

  await bell.click();
  await page.waitForURL("**/notifications");
  const list = page.getByRole("list", { name: "Notifications" });
  await expect(list.getByText(`Item assigned to you ${tag}`)).toBeVisible();
  await expect(list.getByText(`For all reviewers ${tag}`)).toBeVisible();
  await expect(list.getByText(`Old note ${tag}`)).toHaveCount(0);
  const assigned = list.getByRole("listitem").filter({ hasText: `Item assigned to you ${tag}` });
  await expect(assigned.getByText("new", { exact: true })).toBeVisible();
  await expect(assigned.getByRole("link", { name: "Open item" })).toHaveAttribute("href", `/review/${item.id}`);

  // Opening the page was the visit: the role feed stops counting, the personal ones still do.
  await expect(bell).toHaveAccessibleName("Notifications, 2 unread", { timeout: 20_000 });

  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect(bell).toHaveAccessibleName("Notifications, none unread");
  await expect(list.getByText("new", { exact: true })).toHaveCount(0);
  expect(await db.notification.count({ where: { recipientId: reviewer.id, readAt: null, createdAt: { gte: new Date(Date.now() - WEEK_MS) } } })).toBe(0);

  // The bell polls every 15 seconds: a new notification shows up without a reload.
  await page.goto("/queue");
  await db.notification.create({ data: { recipientId: reviewer.id, type: "note", title: `Later note ${tag}`, body: "Arrived while working." } });
  await expect(bell).toHaveAccessibleName("Notifications, 1 unread", { timeout: 20_000 });

  await db.run.deleteMany({ where: { id: runId } });
});
