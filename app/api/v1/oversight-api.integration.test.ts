import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, revokeApiToken } from "@/lib/api/api-tokens";
import { db } from "@/lib/db";
import { saveGateSettings } from "@/lib/settings/gate-settings";
import { createUser } from "@/test/integration-helpers";
import { GET as getMetrics } from "../metrics/route";
import { GET as getCalibration } from "./calibration/route";
import { POST as decide } from "./review-items/[id]/decision/route";
import { DELETE as releaseLease, POST as renewLease } from "./review-items/[id]/lease/route";
import { POST as claim } from "./review-items/claim/route";
import { GET as getSettings, PUT as putSettings } from "./workflows/[name]/gate-settings/route";

// The route handlers themselves, called with real Requests against the real database.

const WORKFLOW = "customer-support";
const GATE = "review_gate";
const DEFAULTS = { autoThreshold: 0.8, reviewThreshold: 0.5, normalSlaMinutes: 120, lowSlaMinutes: 360, sensitiveSlaMinutes: 30 };
const noParams = { params: Promise.resolve({}) };

function request(url: string, init: { method?: string; token?: string | null; body?: unknown; contentType?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers["content-type"] = init.contentType ?? "application/json";
  return new Request(`http://localhost${url}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body) });
}

let admin: { id: string };
let tokens: Record<string, string>;

beforeAll(async () => {
  admin = await createUser("admin");
  const reviewer = await createUser("reviewer");
  const make = async (scopes: Parameters<typeof createApiToken>[0]["scopes"], ownerId?: string) => (await createApiToken({ name: scopes.join(","), scopes, ownerId })).secret;
  tokens = {
    calibration: await make(["calibration:read"]),
    runs: await make(["runs:read", "runs:write"]),
    settingsAdmin: await make(["settings:write"], admin.id),
    settingsReviewer: await make(["settings:write"], reviewer.id),
    settingsNobody: await make(["settings:write"]),
    metrics: await make(["metrics:read"]),
  };
});

afterAll(async () => {
  await saveGateSettings({ workflowName: WORKFLOW, stepId: GATE, thresholds: DEFAULTS, auditSampleRate: 0, actorId: admin.id, note: "test cleanup" });
});

describe("GET /api/v1/calibration", () => {
  const get = (query: string, token: string | null = tokens.calibration!) => getCalibration(request(`/api/v1/calibration${query}`, { token }), noParams);

  it("returns the curve and the recommendation", async () => {
    const response = await get(`?workflow=${WORKFLOW}&step=${GATE}&targetError=0.02`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ workflow: WORKFLOW, step: GATE, targetError: 0.02, period: { days: 30 }, current: { autoThreshold: expect.any(Number) } });
    expect(body.curve).toHaveLength(101);
    expect(body.curve[80]).toEqual(expect.objectContaining({ threshold: 0.8, shareAutomated: expect.any(Number), unmeasuredShare: expect.any(Number) }));
    expect("recommendation" in body && "reason" in body).toBe(true);
  });

  it.each([
    ["no workflow", "?targetError=0.02", 400, "invalid_query"],
    ["an unknown workflow", "?workflow=nope", 400, "unknown_workflow"],
    ["an unknown gate", `?workflow=${WORKFLOW}&step=nope`, 400, "unknown_gate"],
    ["a target of 0", `?workflow=${WORKFLOW}&targetError=0`, 400, "invalid_query"],
    ["a target that is no number", `?workflow=${WORKFLOW}&targetError=low`, 400, "invalid_query"],
    ["a period of 0 days", `?workflow=${WORKFLOW}&days=0`, 400, "invalid_query"],
  ])("refuses %s with a clear %i", async (_name, query, status, code) => {
    const response = await get(query);
    expect(response.status).toBe(status);
    expect((await response.json()).error.code).toBe(code);
  });

  it("needs a token with the calibration:read scope", async () => {
    expect((await get(`?workflow=${WORKFLOW}`, null)).status).toBe(401);
    expect((await get(`?workflow=${WORKFLOW}`, "baton_not_a_token")).status).toBe(401);
    expect((await get(`?workflow=${WORKFLOW}`, tokens.runs!)).status).toBe(403);
  });
});

describe("PUT /api/v1/workflows/{name}/gate-settings", () => {
  const put = (body: unknown, token: string, name = WORKFLOW, contentType?: string) =>
    putSettings(request(`/api/v1/workflows/${name}/gate-settings`, { method: "PUT", token, body, contentType }), { params: Promise.resolve({ name }) });
  const valid = { stepId: GATE, ...DEFAULTS, autoThreshold: 0.85, auditSampleRate: 0.05, note: "from CI" };

  it("saves a new version attributed to the token's admin owner, and GET shows it in force", async () => {
    const response = await put(valid, tokens.settingsAdmin!);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.current).toMatchObject({ autoThreshold: 0.85, auditSampleRate: 0.05, note: "from CI", createdBy: { id: admin.id } });
    const read = await getSettings(request(`/api/v1/workflows/${WORKFLOW}/gate-settings`, { token: tokens.calibration }), { params: Promise.resolve({ name: WORKFLOW }) });
    expect((await read.json()).current).toMatchObject({ version: body.current.version, autoThreshold: 0.85 });
  });

  it("answers invalid settings with 422 and the fields at fault", async () => {
    const response = await put({ ...valid, autoThreshold: 1.5, reviewThreshold: null, lowSlaMinutes: "soon" }, tokens.settingsAdmin!);
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error.code).toBe("invalid_settings");
    expect(error.fields.map((f: { path: string }) => f.path).sort()).toEqual(["autoThreshold", "lowSlaMinutes", "reviewThreshold"]);
    expect((await put({ ...valid, reviewThreshold: 0.9 }, tokens.settingsAdmin!)).status).toBe(422);
    expect((await put({ ...valid, autoThreshold: true }, tokens.settingsAdmin!)).status).toBe(422);
  });

  it.each([
    ["an unknown workflow", () => put(valid, tokens.settingsAdmin!, "nope"), 404],
    ["an unknown gate", () => put({ ...valid, stepId: "nope" }, tokens.settingsAdmin!), 400],
    ["a body that is not JSON", () => put("{", tokens.settingsAdmin!), 400],
    ["a form body", () => put("autoThreshold=0.5", tokens.settingsAdmin!, WORKFLOW, "application/x-www-form-urlencoded"), 415],
    ["a token owned by a reviewer", () => put(valid, tokens.settingsReviewer!), 403],
    ["a token without an owner", () => put(valid, tokens.settingsNobody!), 403],
    ["a token without the scope", () => put(valid, tokens.calibration!), 403],
  ])("refuses %s", async (_name, send, status) => {
    const before = await db.gateSettings.count();
    expect((await send()).status).toBe(status);
    expect(await db.gateSettings.count()).toBe(before);
  });
});

describe("reviewing through the API", () => {
  async function urgentItem(tier: "standard" | "senior" = "standard") {
    const run = await db.run.create({ data: { workflowName: "api-review-test", workflowVersion: 1, input: {}, status: "waiting_for_review" } });
    // Due long ago, so it is first in the queue whatever other tests left there.
    return db.reviewItem.create({
      data: { runId: run.id, stepId: "gate", workflowName: "api-review-test", priority: "urgent", tier, confidence: 0.6, proposal: { reply: "Hello" }, context: { editableFields: ["reply"] }, slaMinutes: 60, slaDueAt: new Date(0), atRiskAt: new Date(0) },
    });
  }

  it("claims the next item as the token's owner and records the decision as that person, with the lease rules", async () => {
    const reviewer = await createUser("reviewer", "Tool Reviewer");
    const token = (await createApiToken({ name: "review tool", scopes: ["reviews:decide"], ownerId: reviewer.id })).secret;
    const item = await urgentItem();

    const claimed = await claim(request("/api/v1/review-items/claim", { method: "POST", token }), noParams);
    expect(claimed.status).toBe(200);
    const body = await claimed.json();
    expect(body.item).toMatchObject({ id: item.id, status: "claimed", proposal: { reply: "Hello" }, editableField: "reply" });
    expect((await db.reviewItem.findUniqueOrThrow({ where: { id: item.id } })).claimedById).toBe(reviewer.id);

    // The tool keeps its claim while its reviewer works, like the open review page does.
    const lease = await renewLease(request(`/api/v1/review-items/${item.id}/lease`, { method: "POST", token }), { params: Promise.resolve({ id: item.id }) });
    expect(lease.status).toBe(200);
    expect(new Date((await lease.json()).leaseExpiresAt).getTime()).toBeGreaterThan(Date.now());

    const post = (id: string, decision: unknown, bearer = token) => decide(request(`/api/v1/review-items/${id}/decision`, { method: "POST", token: bearer, body: decision }), { params: Promise.resolve({ id }) });
    expect((await post(item.id, { action: "rejected" })).status).toBe(422);
    const decided = await post(item.id, { action: "edited", editedText: "Hello, and thanks" });
    expect(decided.status).toBe(200);
    expect(await decided.json()).toMatchObject({ itemId: item.id, recorded: true, outcome: "final", decidedBy: { id: reviewer.id } });
    const stored = await db.reviewDecision.findFirstOrThrow({ where: { itemId: item.id } });
    expect(stored).toMatchObject({ reviewerId: reviewer.id, action: "edited" });
    // The same decision again is a no-op; a different one is a conflict.
    expect(await (await post(item.id, { action: "edited", editedText: "Hello, and thanks" })).json()).toMatchObject({ recorded: false });
    expect((await post(item.id, { action: "approved" })).status).toBe(409);

    // An item nobody claimed cannot be decided; malformed and unknown ids are 404.
    const unclaimed = await urgentItem();
    const refused = await post(unclaimed.id, { action: "approved" });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe("not_claimed");
    expect((await post("not-a-uuid", { action: "approved" })).status).toBe(404);
    expect((await post(randomUUID(), { action: "approved" })).status).toBe(404);
    // Renewing or releasing an item one does not hold is a conflict.
    expect((await renewLease(request(`/api/v1/review-items/${unclaimed.id}/lease`, { method: "POST", token }), { params: Promise.resolve({ id: unclaimed.id }) })).status).toBe(409);
    await db.reviewItem.delete({ where: { id: unclaimed.id } });
  });

  it("hands a claimed item back to the queue undecided", async () => {
    const reviewer = await createUser("reviewer");
    const token = (await createApiToken({ name: "review tool", scopes: ["reviews:decide"], ownerId: reviewer.id })).secret;
    const item = await urgentItem();
    expect((await (await claim(request("/api/v1/review-items/claim", { method: "POST", token }), noParams)).json()).item.id).toBe(item.id);
    const released = await releaseLease(request(`/api/v1/review-items/${item.id}/lease`, { method: "DELETE", token }), { params: Promise.resolve({ id: item.id }) });
    expect(released.status).toBe(204);
    expect(await db.reviewItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ status: "pending", claimedById: null });
    expect((await releaseLease(request(`/api/v1/review-items/${item.id}/lease`, { method: "DELETE", token }), { params: Promise.resolve({ id: item.id }) })).status).toBe(409);
    await db.reviewItem.delete({ where: { id: item.id } });
  });

  it("keeps senior items from a standard reviewer's token, and stops a revoked or deactivated owner's token", async () => {
    const reviewer = await createUser("reviewer");
    const token = await createApiToken({ name: "tool", scopes: ["reviews:decide"], ownerId: reviewer.id });
    const senior = await urgentItem("senior");
    const response = await decide(request(`/api/v1/review-items/${senior.id}/decision`, { method: "POST", token: token.secret, body: { action: "approved" } }), { params: Promise.resolve({ id: senior.id }) });
    expect(response.status).toBe(403);
    await db.reviewItem.delete({ where: { id: senior.id } });

    const claimWith = (secret: string) => claim(request("/api/v1/review-items/claim", { method: "POST", token: secret }), noParams);
    // A supervisor's token lacks the scope; a token without an owner cannot review as anybody.
    const unowned = (await createApiToken({ name: "nobody", scopes: ["reviews:decide"] })).secret;
    expect((await claimWith(unowned)).status).toBe(403);
    await db.user.update({ where: { id: reviewer.id }, data: { active: false } });
    expect((await claimWith(token.secret)).status).toBe(401);
    await db.user.update({ where: { id: reviewer.id }, data: { active: true } });
    await revokeApiToken(token.id);
    expect((await claimWith(token.secret)).status).toBe(401);
  });
});

describe("GET /api/metrics", () => {
  it("serves Prometheus text to a metrics:read token", async () => {
    const run = await db.run.create({ data: { workflowName: "metrics-test", workflowVersion: 1, input: {}, status: "completed", completedAt: new Date() } });
    await db.stepAttempt.createMany({
      data: [
        { runId: run.id, stepId: "classify", attempt: 1, model: "builtin:intent", status: "ok", latencyMs: 30, startedAt: new Date() },
        { runId: run.id, stepId: "classify", attempt: 2, model: "builtin:intent", status: "ok", latencyMs: 700, startedAt: new Date() },
      ],
    });
    const response = await getMetrics(request("/api/metrics", { token: tokens.metrics }), noParams);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const name of ["baton_review_queue_depth", "baton_review_items_past_sla", "baton_review_sla_breaches_total", "baton_review_decisions_total", "baton_runs_finished_total", "baton_step_attempt_duration_seconds"]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toMatch(/^baton_review_queue_depth\{priority="urgent",tier="standard"\} \d+$/m);
    expect(text).toMatch(/^baton_runs_finished_total\{workflow="metrics-test",status="completed"\} 1$/m);
    // Cumulative buckets: the 30 ms attempt from le=0.05 on, the 700 ms one from le=1.
    const bucket = (le: string) => new RegExp(`^baton_step_attempt_duration_seconds_bucket\\{step="classify",model="builtin:intent",le="${le.replace(".", "\\.").replace("+", "\\+")}"\\} (\\d+)$`, "m").exec(text)?.[1];
    expect(bucket("0.025")).toBe("0");
    expect(bucket("0.05")).toBe("1");
    expect(bucket("0.5")).toBe("1");
    expect(bucket("1")).toBe("2");
    expect(bucket("+Inf")).toBe("2");
    expect(text).toMatch(/^baton_step_attempt_duration_seconds_sum\{step="classify",model="builtin:intent"\} 0\.73$/m);
    expect(text).toMatch(/^baton_step_attempt_duration_seconds_count\{step="classify",model="builtin:intent"\} 2$/m);
  });

  it("needs a token with the metrics:read scope", async () => {
    expect((await getMetrics(request("/api/metrics"), noParams)).status).toBe(401);
    expect((await getMetrics(request("/api/metrics", { token: tokens.runs }), noParams)).status).toBe(403);
  });
});
