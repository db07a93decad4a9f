import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db";
import { defineWorkflow, noRetry, task } from "@/lib/engine/define-workflow";
import { NonRetryableError } from "@/lib/engine/errors";
import { createRegistry } from "@/lib/engine/registry";
import { submitRun } from "@/lib/engine/submit-run";
import { closeQueues } from "@/lib/queues/producers";
import { startWorkers, type RunningWorkers } from "@/workers/start-workers";
import { waitForRun } from "@/test/integration-helpers";
import { getRunView } from "./get-run-view";

// The body of GET /api/v1/runs/{id}: a failed run's error handler output is given with its error.

const input = z.object({ text: z.string() });
const handled = defineWorkflow<z.infer<typeof input>>({
  name: "t-run-view-handled",
  version: 1,
  description: "",
  input,
  errorHandler: "tell_someone",
  steps: [
    task({ kind: "handler", id: "work", timeoutMs: 1_000, retry: noRetry, run: () => Promise.reject(new NonRetryableError("the ledger is closed")) }),
    task({ kind: "handler", id: "tell_someone", timeoutMs: 1_000, retry: noRetry, run: ({ failure }) => ({ output: { notified: "ops", about: failure?.stepId ?? null } }) }),
  ],
});
const registry = createRegistry([handled]);
const created: string[] = [];
let workers: RunningWorkers;

beforeAll(async () => {
  workers = await startWorkers(registry, { maintenance: false });
});

afterAll(async () => {
  await workers.close();
  await closeQueues();
  await db.run.deleteMany({ where: { id: { in: created } } });
});

async function storedRun(data: { status: "queued" | "running" | "completed" | "failed"; output?: object; error?: string }) {
  const run = await db.run.create({
    data: { workflowName: "customer-support", workflowVersion: 1, input: { message: "x" }, ...data, completedAt: data.status === "completed" ? new Date() : null },
  });
  created.push(run.id);
  return run.id;
}

describe("getRunView", () => {
  it("gives a failed run's error handler output beside its error", async () => {
    const { id } = await submitRun(registry, { workflowName: "t-run-view-handled", input: { text: "x" } });
    created.push(id);
    await waitForRun(id, ["failed"]);
    const view = await getRunView(id);
    expect(view).toMatchObject({
      id,
      workflow: "t-run-view-handled",
      status: "failed",
      error: "Step work failed: the ledger is closed",
      output: { notified: "ops", about: "work" },
    });
  });

  it("gives a failed run without an error handler output null and its error", async () => {
    const id = await storedRun({ status: "failed", error: "Step deliver failed: boom" });
    expect(await getRunView(id)).toMatchObject({ status: "failed", output: null, error: "Step deliver failed: boom" });
  });

  it("keeps a completed run as it was: its output, no error", async () => {
    const id = await storedRun({ status: "completed", output: { reply: "Hello", route: "auto" } });
    const view = await getRunView(id);
    expect(view).toMatchObject({ status: "completed", output: { reply: "Hello", route: "auto" }, error: null });
    expect(view.completedAt).not.toBeNull();
  });

  it("gives no output while a run is in progress", async () => {
    const id = await storedRun({ status: "running", output: { partial: true } });
    expect(await getRunView(id)).toMatchObject({ status: "running", output: null, error: null });
  });

  it("throws a 404 for an unknown or malformed id", async () => {
    await expect(getRunView(randomUUID())).rejects.toMatchObject({ status: 404 });
    await expect(getRunView("../runs")).rejects.toMatchObject({ status: 404 });
  });
});
