import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";

// The secret must be in the environment before lib/env.ts reads it (at the first import).
vi.hoisted(() => {
  process.env.BATON_WEBHOOK_SECRET = "whsec_test_0123456789abcdef";
});

import { POST as postRun } from "@/app/api/v1/workflows/[name]/runs/route";
import { createApiToken } from "@/lib/api/api-tokens";
import { db } from "@/lib/db";
import { defineWorkflow, noRetry, task } from "@/lib/engine/define-workflow";
import { NonRetryableError } from "@/lib/engine/errors";
import { redriveWebhooks } from "@/lib/engine/reconcile-runs";
import { createRegistry } from "@/lib/engine/registry";
import { submitRun } from "@/lib/engine/submit-run";
import { closeQueues } from "@/lib/queues/producers";
import { startWorkers, type RunningWorkers } from "@/workers/start-workers";
import { waitForRun } from "@/test/integration-helpers";
import { verifyWebhookSignature } from "./deliver-webhook";
import { runWebhookKey } from "./enqueue-run-webhook";

const SECRET = "whsec_test_0123456789abcdef";
const input = z.object({ n: z.number(), fail: z.boolean().optional() });
const echo = defineWorkflow<z.infer<typeof input>>({
  name: "t-webhook",
  version: 1,
  description: "",
  input,
  steps: [
    task({
      kind: "handler",
      id: "double",
      timeoutMs: 1_000,
      retry: noRetry,
      run: ({ input }) => {
        if (input.fail) throw new NonRetryableError("cannot double today");
        return { output: { doubled: input.n * 2 } };
      },
    }),
  ],
});
const registry = createRegistry([echo]);

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
/** Per path: how many requests fail (503) before one succeeds. */
const failFirst = new Map<string, number>();
let workers: RunningWorkers;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      const left = failFirst.get(path) ?? 0;
      failFirst.set(path, left - 1);
      res.writeHead(left > 0 ? 503 : 204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  workers = await startWorkers(registry, { maintenance: false, concurrency: 4 });
});

afterAll(async () => {
  await workers.close();
  await closeQueues();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

async function deliveries(path: string, count: number, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (received.filter((r) => r.path === path).length < count) {
    if (Date.now() > deadline) throw new Error(`only ${received.filter((r) => r.path === path).length} deliveries to ${path}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return received.filter((r) => r.path === path);
}

describe("run result webhooks", () => {
  it("POSTs the signed result on completion, retrying with backoff and recording every attempt", async () => {
    failFirst.set("/hooks/a", 2);
    const { id } = await submitRun(registry, { workflowName: "t-webhook", input: { n: 21 }, callbackUrl: `${receiverUrl}/hooks/a` });
    await waitForRun(id, ["completed"]);
    const calls = await deliveries("/hooks/a", 3);
    for (const call of calls) {
      expect(call.headers["idempotency-key"]).toBe(`run.${id}.finished`);
      expect(verifyWebhookSignature(call.body, call.headers["baton-signature"] as string, SECRET)).toBe(true);
      expect(verifyWebhookSignature(call.body, call.headers["baton-signature"] as string, "another-secret-0000")).toBe(false);
    }
    expect(calls.map((c) => c.headers["baton-delivery-attempt"])).toEqual(["1", "2", "3"]);
    // The webhook queue backs off exponentially from 1 s: about 1 s, then 2 s.
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(900);
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(1_900);
    expect(JSON.parse(calls[2]!.body)).toEqual({
      event: "run.completed",
      id: runWebhookKey(id),
      data: { runId: id, workflow: "t-webhook", workflowVersion: 1, status: "completed", output: { doubled: 42 }, error: null, finishedAt: expect.any(String) },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const rows = await db.webhookDelivery.findMany({ where: { runId: id }, orderBy: { attempt: "asc" } });
    expect(rows.map((r) => [r.attempt, r.statusCode, r.key, r.event])).toEqual([
      [1, 503, `run.${id}.finished`, "run.completed"],
      [2, 503, `run.${id}.finished`, "run.completed"],
      [3, 204, `run.${id}.finished`, "run.completed"],
    ]);
    expect(rows[0]!.error).toBe("Webhook answered 503");
  }, 30_000);

  it("reports a failed run with its error", async () => {
    const { id } = await submitRun(registry, { workflowName: "t-webhook", input: { n: 1, fail: true }, callbackUrl: `${receiverUrl}/hooks/b` });
    await waitForRun(id, ["failed"]);
    const [call] = await deliveries("/hooks/b", 1);
    expect(JSON.parse(call!.body)).toMatchObject({ event: "run.failed", data: { status: "failed", error: "Step double failed: cannot double today" } });
  });

  it("the reconciler queues a delivery that was lost after the run finished", async () => {
    const run = await db.run.create({
      data: {
        workflowName: "t-webhook",
        workflowVersion: 1,
        status: "completed",
        input: { n: 2 },
        output: { doubled: 4 },
        callbackUrl: `${receiverUrl}/hooks/c`,
        completedAt: new Date(),
        updatedAt: new Date(Date.now() - 5 * 60_000),
      },
    });
    expect(await redriveWebhooks(registry, { staleAfterMs: 60_000 })).toBe(1);
    const [call] = await deliveries("/hooks/c", 1);
    expect(JSON.parse(call!.body)).toMatchObject({ event: "run.completed", data: { runId: run.id, output: { doubled: 4 } } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await redriveWebhooks(registry, { staleAfterMs: 60_000 })).toBe(0);
  });
});

describe("callbackUrl on the run API", () => {
  let token: string;
  beforeAll(async () => {
    token = (await createApiToken({ name: "webhooks test", scopes: ["runs:write", "runs:read"] })).secret;
  });

  const post = (body: unknown) =>
    postRun(
      new Request("http://localhost/api/v1/workflows/customer-support/runs", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
      { params: Promise.resolve({ name: "customer-support" }) },
    );

  it.each([["ftp://example.com/hook"], ["javascript:alert(1)"], ["not a url"], [42], [`https://example.com/${"x".repeat(2100)}`]])("refuses callbackUrl %s with 400 and stores nothing", async (callbackUrl) => {
    const before = await db.run.count();
    const response = await post({ input: { message: "Where is my card?" }, callbackUrl });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("invalid_callback_url");
    expect(await db.run.count()).toBe(before);
  });

  it("stores an http(s) callbackUrl with the run", async () => {
    const callbackUrl = `${receiverUrl}/hooks/api`;
    const response = await post({ input: { message: "Where is my card?" }, callbackUrl });
    expect(response.status).toBe(202);
    const { id } = await response.json();
    expect((await db.run.findUniqueOrThrow({ where: { id } })).callbackUrl).toBe(callbackUrl);
    // No customer-support worker runs in this file: retire the run so a later file's workers skip it.
    await db.run.update({ where: { id }, data: { status: "failed", error: "retired by the test" } });
  });
});
