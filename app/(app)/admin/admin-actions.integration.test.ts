import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";

// The real server actions against the real database. Only the framework's plumbing is replaced:
// the session cookie (next-auth's getServerSession reads request headers that a test has not
// got), Next's cache invalidation, and the server-only marker.
let sessionUserId: string | null = null;
vi.mock("server-only", () => ({}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next-auth", () => ({ getServerSession: async () => (sessionUserId ? { userId: sessionUserId } : null) }));

const { db } = await import("@/lib/db");
const { verifyPassword } = await import("@/lib/auth/password");
const { authenticateApiToken, hashApiToken } = await import("@/lib/api/api-tokens");
const { createUser: createTestUser } = await import("@/test/integration-helpers");
const { getGateSettings, saveGateSettings } = await import("@/lib/settings/gate-settings");
const { createUser, changeUserRole, setUserActive, findUsers } = await import("@/lib/admin/manage-users");
const { issueApiToken, revokeToken, findApiTokens } = await import("@/lib/admin/manage-api-tokens");
const { applyGateSettings, applyAutoThreshold, rollBackGateSettings } = await import("@/lib/admin/apply-gate-settings");
const usersActions = await import("./users/actions");
const tokensActions = await import("./tokens/actions");
const settingsActions = await import("./settings/actions");
const calibrationActions = await import("./calibration/actions");

const WORKFLOW = "customer-support";
const GATE = "review_gate";
const DEFAULTS = { autoThreshold: 0.8, reviewThreshold: 0.5, normalSlaMinutes: 120, lowSlaMinutes: 360, sensitiveSlaMinutes: 30 };
const as = (user: { id: string } | null) => {
  sessionUserId = user?.id ?? null;
};

beforeEach(() => as(null));

afterAll(async () => {
  const admin = await createTestUser("admin");
  await saveGateSettings({ workflowName: WORKFLOW, stepId: GATE, thresholds: DEFAULTS, auditSampleRate: 0, actorId: admin.id, note: "test cleanup" });
});

describe("role checks on every admin action", () => {
  const unique = () => `${crypto.randomUUID()}@test.local`;
  // Each action with an input that is valid, so only the caller's role decides the outcome.
  const cases: [string, (input: never) => Promise<{ ok: boolean; code?: string }>, () => Promise<unknown>][] = [
    ["create a user", usersActions.createUserAction as never, async () => ({ email: unique(), name: "New person", role: "reviewer", password: "a long enough password" })],
    ["change a role", usersActions.changeUserRoleAction as never, async () => ({ userId: (await createTestUser("reviewer")).id, role: "senior_reviewer" })],
    ["deactivate a user", usersActions.setUserActiveAction as never, async () => ({ userId: (await createTestUser("reviewer")).id, active: false })],
    ["issue an API token", tokensActions.createApiTokenAction as never, async () => ({ name: "t", scopes: ["runs:read"] })],
    ["revoke an API token", tokensActions.revokeApiTokenAction as never, async () => ({ tokenId: (await issueApiToken({ name: "r", scopes: ["runs:read"] }, { id: "x", role: "admin" })).id })],
    ["save gate settings", settingsActions.saveGateSettingsAction as never, async () => ({ workflowName: WORKFLOW, stepId: GATE, ...DEFAULTS })],
    ["roll back gate settings", settingsActions.rollbackGateSettingsAction as never, async () => ({ workflowName: WORKFLOW, stepId: GATE, toVersion: (await saveGateSettings({ workflowName: WORKFLOW, stepId: GATE, thresholds: DEFAULTS, actorId: null })).version })],
    ["apply a calibrated threshold", calibrationActions.applyThresholdAction as never, async () => ({ workflowName: WORKFLOW, stepId: GATE, autoThreshold: 0.8 })],
  ];

  it.each(cases)("only an admin may %s", async (_name, action, makeInput) => {
    for (const role of ["reviewer", "senior_reviewer", "supervisor"] as const) {
      as(await createTestUser(role));
      expect(await action((await makeInput()) as never)).toMatchObject({ ok: false, code: "forbidden" });
    }
    as(null);
    expect(await action((await makeInput()) as never)).toMatchObject({ ok: false, code: "unauthenticated" });
    as(await createTestUser("admin"));
    expect(await action((await makeInput()) as never)).toMatchObject({ ok: true });
  });

  it("the admin functions refuse a non-admin caller themselves, whoever calls them", async () => {
    const supervisor = { id: (await createTestUser("supervisor")).id, role: "supervisor" as const };
    const forbidden = { status: 403, code: "forbidden" };
    await expect(findUsers(supervisor)).rejects.toMatchObject(forbidden);
    await expect(createUser({ email: `${crypto.randomUUID()}@x.local`, name: "x", role: "admin", password: "a long enough password" }, supervisor)).rejects.toMatchObject(forbidden);
    await expect(changeUserRole({ userId: supervisor.id, role: "admin" }, supervisor)).rejects.toMatchObject(forbidden);
    await expect(setUserActive({ userId: supervisor.id, active: false }, supervisor)).rejects.toMatchObject(forbidden);
    await expect(findApiTokens(supervisor)).rejects.toMatchObject(forbidden);
    await expect(issueApiToken({ name: "x", scopes: ["runs:read"] }, supervisor)).rejects.toMatchObject(forbidden);
    await expect(revokeToken({ tokenId: crypto.randomUUID() }, supervisor)).rejects.toMatchObject(forbidden);
    await expect(applyGateSettings({ workflowName: WORKFLOW, stepId: GATE, ...DEFAULTS }, supervisor)).rejects.toMatchObject(forbidden);
    await expect(applyAutoThreshold({ workflowName: WORKFLOW, stepId: GATE, autoThreshold: 0.7 }, supervisor)).rejects.toMatchObject(forbidden);
    await expect(rollBackGateSettings({ workflowName: WORKFLOW, stepId: GATE, toVersion: 1 }, supervisor)).rejects.toMatchObject(forbidden);
  });

  it("refuses invalid input with field errors after the role check", async () => {
    as(await createTestUser("admin"));
    const result = await usersActions.createUserAction({ email: "not-an-email", name: "", role: "boss", password: "short" });
    expect(result).toMatchObject({ ok: false, code: "invalid" });
    expect(Object.keys((result as { fieldErrors: object }).fieldErrors).sort()).toEqual(["email", "name", "password", "role"]);
  });
});

describe("users", () => {
  it("creates an account with a scrypt hash, and refuses a second account with the same e-mail", async () => {
    const admin = await createTestUser("admin");
    as(admin);
    const email = `${crypto.randomUUID()}@test.local`;
    const result = await usersActions.createUserAction({ email: email.toUpperCase(), name: "Casey", role: "senior_reviewer", password: "correct horse battery" });
    expect(result.ok).toBe(true);
    const stored = await db.user.findUniqueOrThrow({ where: { email } });
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(stored.passwordHash).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery", stored.passwordHash)).toBe(true);
    expect(await usersActions.createUserAction({ email, name: "Again", role: "reviewer", password: "another long password" })).toMatchObject({ ok: false, code: "conflict" });
  });

  it("applies a role change and a deactivation on the user's next request", async () => {
    const admin = await createTestUser("admin");
    const other = await createTestUser("admin");
    // `other` is signed in and may manage users...
    as(other);
    expect((await usersActions.createUserAction({ email: `${crypto.randomUUID()}@t.local`, name: "A", role: "reviewer", password: "a long enough password" })).ok).toBe(true);
    // ...until an admin demotes them: the same session is refused on its very next request.
    as(admin);
    expect((await usersActions.changeUserRoleAction({ userId: other.id, role: "reviewer" })).ok).toBe(true);
    as(other);
    expect(await usersActions.createUserAction({ email: `${crypto.randomUUID()}@t.local`, name: "B", role: "reviewer", password: "a long enough password" })).toMatchObject({ ok: false, code: "forbidden" });
    // A deactivated account is signed out at once.
    as(admin);
    expect((await usersActions.setUserActiveAction({ userId: other.id, active: false })).ok).toBe(true);
    as(other);
    expect(await usersActions.changeUserRoleAction({ userId: admin.id, role: "reviewer" })).toMatchObject({ ok: false, code: "unauthenticated" });
  });

  it("returns a deactivated reviewer's held items to the queue and kills their tokens", async () => {
    const admin = await createTestUser("admin");
    const reviewer = await createTestUser("reviewer");
    const token = await issueApiToken({ name: "tool", scopes: ["reviews:decide"], ownerId: reviewer.id }, admin);
    expect(await authenticateApiToken(token.secret)).not.toBeNull();
    const run = await db.run.create({ data: { workflowName: "deactivation-test", workflowVersion: 1, input: {}, status: "waiting_for_review" } });
    const item = await db.reviewItem.create({
      data: { runId: run.id, stepId: "g", workflowName: "deactivation-test", status: "claimed", priority: "low", tier: "standard", confidence: 0.5, proposal: {}, context: {}, slaMinutes: 60, slaDueAt: new Date(Date.now() + 3_600_000), atRiskAt: new Date(Date.now() + 3_000_000), claimedById: reviewer.id, claimedAt: new Date(), leaseExpiresAt: new Date(Date.now() + 300_000) },
    });
    await setUserActive({ userId: reviewer.id, active: false }, admin);
    expect(await db.reviewItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ status: "pending", claimedById: null });
    expect(await authenticateApiToken(token.secret)).toBeNull();
  });

  it("keeps at least one active admin and stops admins from changing their own account", async () => {
    // Only one active admin left: make every other admin a supervisor first.
    const last = await createTestUser("admin");
    await db.user.updateMany({ where: { role: "admin", id: { not: last.id } }, data: { role: "supervisor" } });
    const actor = { id: last.id, role: "admin" as const };
    await expect(changeUserRole({ userId: last.id, role: "reviewer" }, actor)).rejects.toMatchObject({ code: "own_account" });
    await expect(setUserActive({ userId: last.id, active: false }, actor)).rejects.toMatchObject({ code: "own_account" });
    // A second admin who is then demoted cannot take the last active admin's role away.
    const second = await createTestUser("admin");
    await changeUserRole({ userId: second.id, role: "reviewer" }, actor);
    await expect(changeUserRole({ userId: last.id, role: "reviewer" }, { id: second.id, role: "admin" })).rejects.toMatchObject({ code: "last_admin" });
    await expect(setUserActive({ userId: last.id, active: false }, { id: second.id, role: "admin" })).rejects.toMatchObject({ code: "last_admin" });
  });
});

describe("API tokens", () => {
  it("stores only a SHA-256 hash, shows the secret once, and refuses it once revoked", async () => {
    const admin = await createTestUser("admin");
    as(admin);
    const created = await tokensActions.createApiTokenAction({ name: "Prometheus", scopes: ["metrics:read"] });
    expect(created.ok).toBe(true);
    const { id, secret } = (created as { data: { id: string; secret: string } }).data;
    const row = await db.apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).toBe(hashApiToken(secret));
    expect(row.tokenHash).not.toContain(secret);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(secret.startsWith(row.prefix)).toBe(true);
    expect(await authenticateApiToken(secret)).toMatchObject({ tokenId: id, scopes: ["metrics:read"], owner: null });
    // Listing never includes the secret or its hash.
    const listed = (await findApiTokens(admin)).find((t) => t.id === id)!;
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(listed).not.toHaveProperty("tokenHash");

    expect((await tokensActions.revokeApiTokenAction({ tokenId: id })).ok).toBe(true);
    expect(await authenticateApiToken(secret)).toBeNull();
    expect((await db.apiToken.findUniqueOrThrow({ where: { id } })).revokedAt).not.toBeNull();
  });

  it("needs an owner whose role allows the scopes that act as a person, and drops them when the owner is demoted", async () => {
    const admin = await createTestUser("admin");
    as(admin);
    expect(await tokensActions.createApiTokenAction({ name: "x", scopes: ["reviews:decide"] })).toMatchObject({ ok: false });
    const supervisor = await createTestUser("supervisor");
    expect(await tokensActions.createApiTokenAction({ name: "x", scopes: ["settings:write"], ownerId: supervisor.id })).toMatchObject({ ok: false });
    const owner = await createTestUser("admin");
    const created = await issueApiToken({ name: "settings bot", scopes: ["settings:write", "calibration:read"], ownerId: owner.id }, admin);
    expect((await authenticateApiToken(created.secret))?.scopes).toEqual(["settings:write", "calibration:read"]);
    await db.user.update({ where: { id: owner.id }, data: { role: "reviewer" } });
    expect((await authenticateApiToken(created.secret))?.scopes).toEqual(["calibration:read"]);
  });
});

describe("threshold versions", () => {
  it("versions every change with its author and rolls back by copying an old version", async () => {
    const admin = await createTestUser("admin");
    const actor = { id: admin.id, role: "admin" as const };
    const first = await applyGateSettings({ workflowName: WORKFLOW, stepId: GATE, ...DEFAULTS, autoThreshold: 0.9, auditSampleRate: 0.05, note: "stricter" }, actor);
    const second = await applyAutoThreshold({ workflowName: WORKFLOW, stepId: GATE, autoThreshold: 0.4 }, actor);
    expect(second.version).toBe(first.version + 1);
    // The review threshold cannot stay above the auto threshold; SLAs and the audit rate carry over.
    expect(second).toMatchObject({ autoThreshold: 0.4, reviewThreshold: 0.4, auditSampleRate: 0.05, normalSlaMinutes: 120, createdBy: { id: admin.id } });
    expect(second.note).toMatch(/review threshold lowered/);

    const rolledBack = await rollBackGateSettings({ workflowName: WORKFLOW, stepId: GATE, toVersion: first.version }, actor);
    expect(rolledBack).toMatchObject({ version: second.version + 1, rolledBackFrom: first.version, autoThreshold: 0.9, reviewThreshold: 0.5, auditSampleRate: 0.05, createdBy: { id: admin.id } });
    const inForce = await getGateSettings(WORKFLOW, GATE, DEFAULTS);
    expect(inForce).toMatchObject({ version: rolledBack.version, autoThreshold: 0.9 });
    // History is append-only: both earlier versions are still there.
    expect(await db.gateSettings.count({ where: { workflowName: WORKFLOW, stepId: GATE, version: { in: [first.version, second.version, rolledBack.version] } } })).toBe(3);
    await expect(rollBackGateSettings({ workflowName: WORKFLOW, stepId: GATE, toVersion: 99_999 }, actor)).rejects.toMatchObject({ status: 404 });
  });

  it("applies a recommended threshold through the action as a new version", async () => {
    as(await createTestUser("admin"));
    const before = await getGateSettings(WORKFLOW, GATE, DEFAULTS);
    const result = await calibrationActions.applyThresholdAction({ workflowName: WORKFLOW, stepId: GATE, autoThreshold: "0.86" });
    expect(result).toMatchObject({ ok: true, data: { version: before.version + 1, autoThreshold: 0.86 } });
    expect((await getGateSettings(WORKFLOW, GATE, DEFAULTS)).autoThreshold).toBe(0.86);
    expect(await calibrationActions.applyThresholdAction({ workflowName: WORKFLOW, stepId: GATE, autoThreshold: "1.5" })).toMatchObject({ ok: false, code: "invalid" });
    expect(await calibrationActions.applyThresholdAction({ workflowName: "nope", stepId: GATE, autoThreshold: "0.5" })).toMatchObject({ ok: false });
  });
});
