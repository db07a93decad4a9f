import { expect, test } from "@playwright/test";
import { db } from "@/lib/db";
import { API_TOKEN, SEEDED, signIn } from "./support/fixtures";

// The run page's timeline: every step with its attempts, failovers and the step that took the time.
// Every run made here is deleted afterwards (with any review item), so no other spec meets it in the queue.

const STEPS = ["intent_classification", "knowledge_retrieval", "response_generation", "review_gate", "deliver"];
const created: string[] = [];

test.afterAll(async () => {
  await db.run.deleteMany({ where: { id: { in: created } } });
});

test("a supervisor sees a customer-support run's five steps, their attempts and the slowest step", async ({ page, request }) => {
  await signIn(page, SEEDED.supervisor);
  const response = await request.post("/api/v1/workflows/customer-support/runs", {
    headers: { authorization: `Bearer ${API_TOKEN}` },
    data: { input: { message: "I am still waiting on my card?" } },
  });
  expect(response.status()).toBe(202);
  const { id } = await response.json();
  created.push(id);

  await page.goto(`/runs/${id}`);
  await expect(page.getByText("completed", { exact: true }).first()).toBeVisible({ timeout: 20_000 });

  const timeline = page.getByRole("table", { name: /Steps of the run/ });
  await expect(timeline.getByRole("rowheader")).toHaveCount(STEPS.length);
  for (const step of STEPS) {
    await expect(timeline.getByRole("rowheader", { name: new RegExp(`^${step} `) })).toHaveCount(1);
    const attempts = timeline.getByRole("list", { name: `Attempts at ${step}` }).getByRole("listitem");
    await expect(attempts.first()).toBeVisible();
    await expect(attempts.first()).toContainText("ok");
  }
  await expect(timeline.getByText("slowest step", { exact: true })).toHaveCount(1);
  await expect(page.getByText(/most time in/)).toBeVisible();
});

test("a content-moderation run shows its parallel image analysis under the group, and the branches it took", async ({ page, request }) => {
  await signIn(page, SEEDED.supervisor);
  const response = await request.post("/api/v1/workflows/content-moderation/runs", {
    headers: { authorization: `Bearer ${API_TOKEN}` },
    data: { input: { text: "Look at my holiday", imageUrl: "https://cdn.example.com/uploads/nsfw-nude-beach.jpg" } },
  });
  expect(response.status()).toBe(202);
  const { id } = await response.json();
  created.push(id);

  await page.goto(`/runs/${id}`);
  await expect(page.getByText(/^(completed|failed|waiting for review)$/).first()).toBeVisible({ timeout: 20_000 });
  const timeline = page.getByRole("table", { name: /Steps of the run/ });
  const step = (id: string) => timeline.getByRole("rowheader", { name: new RegExp(`^${id} `) });
  await expect(step("image_analysis")).toContainText("parallel");
  for (const child of ["nsfw_detector", "text_extraction", "metadata_check"]) await expect(step(child)).toContainText("in parallel");
  await expect(step("keyword_route")).toContainText("→ image_analysis");
  // The list's excerpt is the moderated text.
  await page.goto("/runs");
  await expect(page.getByRole("link", { name: "Look at my holiday" }).first()).toBeVisible();
});

test("retries, failovers and errors are shown per attempt, errors as text", async ({ page }) => {
  const run = await db.run.create({
    data: { workflowName: "customer-support", workflowVersion: 1, status: "failed", input: { message: "e2e timeline failover" }, error: "Step intent_classification failed" },
  });
  created.push(run.id);
  const t = run.createdAt.getTime();
  const hostile = `<img src=x onerror="document.title='pwned'">`;
  const tries = [
    { attempt: 1, model: "gpt-4o-mini", provider: "openai", status: "timeout", error: "Timed out after 3000 ms", failover: false, start: 5, latency: 3000 },
    { attempt: 1, model: "claude-3-5-haiku-latest", provider: "anthropic", status: "error", error: hostile, failover: true, start: 3010, latency: 40 },
    { attempt: 2, model: "gpt-4o-mini", provider: "openai", status: "invalid", error: "The answer is not JSON", failover: false, start: 3600, latency: 20 },
  ];
  await db.stepAttempt.createMany({
    data: tries.map((a) => ({
      runId: run.id,
      stepId: "intent_classification",
      attempt: a.attempt,
      model: a.model,
      provider: a.provider,
      status: a.status,
      error: a.error,
      failover: a.failover,
      latencyMs: a.latency,
      startedAt: new Date(t + a.start),
      finishedAt: new Date(t + a.start + a.latency),
    })),
  });
  await db.runStep.create({
    data: { runId: run.id, stepId: "intent_classification", kind: "model", status: "failed", error: "The answer is not JSON", attempts: 2, latencyMs: 0, startedAt: new Date(t + 3620), finishedAt: new Date(t + 3620) },
  });

  await signIn(page, SEEDED.supervisor);
  await page.goto(`/runs/${run.id}`);
  const attempts = page.getByRole("list", { name: "Attempts at intent_classification" }).getByRole("listitem");
  await expect(attempts).toHaveCount(3);
  await expect(attempts.nth(0)).toContainText("timeout");
  await expect(attempts.nth(1)).toContainText("failover");
  await expect(attempts.nth(1)).toContainText("anthropic");
  await expect(attempts.nth(1).getByText(hostile, { exact: true })).toBeVisible();
  await expect(attempts.nth(2)).toContainText("invalid");
  await expect(page.getByText("slowest step", { exact: true })).toHaveCount(1);
  expect(await page.title()).not.toBe("pwned");
  expect(await page.locator("img[src=x]").count()).toBe(0);
});
