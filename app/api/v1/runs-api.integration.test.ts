import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api/api-tokens";
import { db } from "@/lib/db";
import { closeQueues } from "@/lib/queues/producers";
import { workflowRegistry } from "@/lib/workflows";
import { startWorkers, type RunningWorkers } from "@/workers/start-workers";
import { waitForRun } from "@/test/integration-helpers";
import { GET as getRun } from "./runs/[id]/route";
import { POST as postRun } from "./workflows/[name]/runs/route";

// The route handlers themselves, called with real Requests against the real database and queue.

let workers: RunningWorkers;
let token: string;
let readOnlyToken: string;
let revokedToken: string;

beforeAll(async () => {
  workers = await startWorkers(workflowRegistry, { maintenance: false });
  token = (await createApiToken({ name: "test", scopes: ["runs:write", "runs:read"] })).secret;
  readOnlyToken = (await createApiToken({ name: "read only", scopes: ["runs:read"] })).secret;
  const revoked = await createApiToken({ name: "revoked", scopes: ["runs:write", "runs:read"] });
  await db.apiToken.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
  revokedToken = revoked.secret;
});

afterAll(async () => {
  await workers.close();
  await closeQueues();
});

function submit(options: { body?: string; workflow?: string; headers?: Record<string, string> } = {}) {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json", ...options.headers };
  const request = new Request(`http://localhost/api/v1/workflows/${options.workflow ?? "customer-support"}/runs`, {
    method: "POST",
    headers,
    body: options.body ?? JSON.stringify({ input: { message: "I am still waiting on my card?" } }),
  });
  return postRun(request, { params: Promise.resolve({ name: options.workflow ?? "customer-support" }) });
}

function read(id: string, bearer = token) {
  return getRun(new Request(`http://localhost/api/v1/runs/${id}`, { headers: { authorization: `Bearer ${bearer}` } }), {
    params: Promise.resolve({ id }),
  });
}

describe("POST /api/v1/workflows/{name}/runs and GET /api/v1/runs/{id}", () => {
  it("accepts a run, then reports it completed with its output", async () => {
    const response = await submit();
    expect(response.status).toBe(202);
    const { id, status } = await response.json();
    expect(status).toBe("queued");
    await waitForRun(id, ["completed"]);
    const view = await (await read(id)).json();
    expect(view).toMatchObject({ id, workflow: "customer-support", status: "completed", output: { intent: "card_arrival", route: "auto" } });
    expect(typeof view.output.confidence).toBe("number");
    expect(typeof view.output.reply).toBe("string");
  });

  it("returns the same run for a repeated Idempotency-Key, and refuses the key with a different body", async () => {
    const key = randomUUID();
    const first = await submit({ headers: { "idempotency-key": key } });
    const second = await submit({ headers: { "idempotency-key": key } });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    const firstId = (await first.json()).id;
    expect((await second.json()).id).toBe(firstId);
    expect(await db.run.count({ where: { idempotencyKey: key } })).toBe(1);

    const different = await submit({ headers: { "idempotency-key": key }, body: JSON.stringify({ input: { message: "Another message" } }) });
    expect(different.status).toBe(409);
    expect((await different.json()).error.code).toBe("idempotency_key_reused");
  });

  it("answers concurrent duplicates with one run", async () => {
    const key = randomUUID();
    const responses = await Promise.all(Array.from({ length: 8 }, () => submit({ headers: { "idempotency-key": key } })));
    const ids = await Promise.all(responses.map(async (r) => (await r.json()).id));
    expect(new Set(ids).size).toBe(1);
    expect(await db.run.count({ where: { idempotencyKey: key } })).toBe(1);
  });

  const badRequests: { name: string; options: Parameters<typeof submit>[0]; status: number; code: string }[] = [
    { name: "no input field", options: { body: JSON.stringify({ message: "hi" }) }, status: 400, code: "missing_input" },
    { name: "message of the wrong type", options: { body: JSON.stringify({ input: { message: 42 } }) }, status: 422, code: "invalid_input" },
    { name: "empty message", options: { body: JSON.stringify({ input: { message: "   " } }) }, status: 422, code: "invalid_input" },
    { name: "message too long", options: { body: JSON.stringify({ input: { message: "x".repeat(2001) } }) }, status: 422, code: "invalid_input" },
    { name: "input not an object", options: { body: JSON.stringify({ input: "hello" }) }, status: 422, code: "invalid_input" },
    { name: "unknown workflow", options: { workflow: "no-such-workflow" }, status: 404, code: "not_found" },
    { name: "malformed JSON", options: { body: "{ not json" }, status: 400, code: "invalid_json" },
    { name: "JSON that is not an object", options: { body: "[1,2]" }, status: 400, code: "invalid_body" },
    { name: "wrong content type", options: { headers: { "content-type": "text/plain" } }, status: 415, code: "unsupported_media_type" },
    { name: "oversized body", options: { body: JSON.stringify({ input: { message: "x" }, pad: "y".repeat(70_000) }) }, status: 413, code: "payload_too_large" },
    { name: "missing token", options: { headers: { authorization: "" } }, status: 401, code: "unauthenticated" },
    { name: "unknown token", options: { headers: { authorization: "Bearer not-a-real-token" } }, status: 401, code: "unauthenticated" },
    { name: "empty Idempotency-Key", options: { headers: { "idempotency-key": " " } }, status: 400, code: "invalid_idempotency_key" },
  ];

  for (const { name, options, status, code } of badRequests) {
    it(`refuses ${name} with ${status} and stores nothing`, async () => {
      const before = await db.run.count();
      const response = await submit(options);
      expect(response.status).toBe(status);
      const body = await response.json();
      expect(body.error.code).toBe(code);
      expect(body.error.message.length).toBeGreaterThan(5);
      expect(await db.run.count()).toBe(before);
    });
  }

  it("refuses a revoked token and a token without the write scope", async () => {
    const before = await db.run.count();
    expect((await submit({ headers: { authorization: `Bearer ${revokedToken}` } })).status).toBe(401);
    expect((await submit({ headers: { authorization: `Bearer ${readOnlyToken}` } })).status).toBe(403);
    expect(await db.run.count()).toBe(before);
  });

  it("answers 404 for unknown and malformed run ids, and 401 without a valid token", async () => {
    expect((await read(randomUUID())).status).toBe(404);
    expect((await read("../../etc/passwd")).status).toBe(404);
    const { id } = await (await submit()).json();
    expect((await read(id, "wrong")).status).toBe(401);
    expect((await read(id, readOnlyToken)).status).toBe(200);
  });
});
