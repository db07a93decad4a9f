// Helpers for the end-to-end specs. The specs share the stack's database (process.env points at
// it, see playwright.config.ts), so they can set up fixtures and check results directly.
import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { assignItem } from "@/lib/review/manage-claims";
import { pickMessages } from "@/test/integration-helpers";
import { e2eEnv } from "./e2e-env";

export const PASSWORD = e2eEnv.BATON_SEED_PASSWORD;
export const API_TOKEN = e2eEnv.BATON_SEED_API_TOKEN;

export const SEEDED = {
  reviewer: "reviewer@baton.local",
  senior: "senior@baton.local",
  supervisor: "supervisor@baton.local",
  admin: "admin@baton.local",
} as const;

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

/** A user of its own for one test, so no test depends on another's claims. */
export async function createUser(role: Role): Promise<{ id: string; email: string; name: string }> {
  const suffix = randomUUID().slice(0, 8);
  return db.user.create({
    data: { email: `${role}-${suffix}@e2e.local`, name: `E2E ${role} ${suffix}`, role, passwordHash: await hashPassword(PASSWORD) },
    select: { id: true, email: true, name: true },
  });
}

export async function submitRun(request: APIRequestContext, message: string): Promise<string> {
  const response = await request.post("/api/v1/workflows/customer-support/runs", {
    headers: { authorization: `Bearer ${API_TOKEN}` },
    data: { input: { message } },
  });
  expect(response.status()).toBe(202);
  return (await response.json()).id;
}

export async function waitForReviewItem(runId: string): Promise<{ id: string; proposal: { reply: string } }> {
  let item = null;
  await expect
    .poll(async () => (item = await db.reviewItem.findFirst({ where: { runId }, select: { id: true, proposal: true } })), { timeout: 20_000 })
    .not.toBeNull();
  return item as unknown as { id: string; proposal: { reply: string } };
}

/** Reserves the item for this reviewer, so "Review next item" gives it to them whatever else waits. */
export async function reserveFor(itemId: string, reviewerId: string): Promise<void> {
  const admin = await db.user.findUniqueOrThrow({ where: { email: SEEDED.admin }, select: { id: true } });
  await assignItem({ itemId, assigneeId: reviewerId, actorId: admin.id });
}

let picked: ReturnType<typeof pickMessages> | undefined;

/**
 * Real held-out customer messages, chosen by what the real model says about them: `doubtful` ones
 * (confidence below the review threshold, not sensitive) always go to review.
 */
export function messages(): ReturnType<typeof pickMessages> {
  picked ??= pickMessages();
  return picked;
}
