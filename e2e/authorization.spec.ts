import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createApiToken } from "@/lib/api/api-tokens";
import { db } from "@/lib/db";
import { SEEDED, signIn } from "./support/fixtures";

// Server actions are public POST endpoints, and route handlers are public URLs. This spec finds
// every action in the production build and every route handler in app/api, calls each directly
// (not through its page) and checks the refusal: no session, the wrong role, no or a bad token.

const DIST = process.env.NEXT_DIST_DIR || ".next";
const NIL_UUID = "00000000-0000-4000-8000-000000000000";

interface ServerAction {
  id: string;
  name: string;
  page: string;
}

// The least-privileged role allowed to call each action. A new action fails this spec until it is
// listed here, so nobody adds an endpoint without deciding who may call it.
const MINIMUM_ROLE: Record<string, "reviewer" | "supervisor" | "admin"> = {
  claimNextItemAction: "reviewer",
  decideReviewItemAction: "reviewer",
  renewReviewLeaseAction: "reviewer",
  releaseReviewItemAction: "reviewer",
  unreadNotificationCountAction: "reviewer",
  markRoleFeedSeenAction: "reviewer",
  markAllNotificationsReadAction: "reviewer",
  forceReleaseItemAction: "supervisor",
  assignItemAction: "supervisor",
  saveGateSettingsAction: "admin",
  rollbackGateSettingsAction: "admin",
  applyThresholdAction: "admin",
  createUserAction: "admin",
  changeUserRoleAction: "admin",
  setUserActiveAction: "admin",
  createApiTokenAction: "admin",
  revokeApiTokenAction: "admin",
};

// Route handlers reachable without credentials, on purpose.
const PUBLIC_ROUTES = new Set(["/api/auth/[...nextauth]", "/api/health"]);

function serverActions(): ServerAction[] {
  const manifest = JSON.parse(readFileSync(path.join(DIST, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; exportedName: string }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => ({ id, name: entry.exportedName, page: pageUrl(Object.keys(entry.workers)[0]!) }));
}

/** "app/(app)/review/[id]/page" → "/review/<uuid>" */
function pageUrl(worker: string): string {
  const url = worker
    .replace(/^app/, "")
    .replace(/\/page$/, "")
    .split("/")
    .filter((segment) => !/^\(.*\)$/.test(segment))
    .map((segment) => (/^\[.*\]$/.test(segment) ? NIL_UUID : segment))
    .join("/");
  return url || "/";
}

function routeHandlers(): { route: string; url: string; methods: string[] }[] {
  const found: { route: string; url: string; methods: string[] }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === "route.ts") {
        const source = readFileSync(full, "utf8");
        const methods = [...source.matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!);
        const route = "/" + path.relative("app", dir).split(path.sep).join("/");
        const url = route.replace(/\[\.\.\.[^\]]+\]/g, "x").replace(/\[[^\]]+\]/g, (segment) => (segment === "[name]" ? "customer-support" : NIL_UUID));
        found.push({ route, url, methods });
      }
    }
  };
  walk(path.join("app", "api"));
  return found;
}

async function callAction(request: APIRequestContext, action: ServerAction, cookie?: string): Promise<string> {
  const response = await request.post(action.page, {
    headers: {
      "next-action": action.id,
      accept: "text/x-component",
      "content-type": "text/plain;charset=UTF-8",
      ...(cookie ? { cookie } : {}),
    },
    data: JSON.stringify([{ itemId: NIL_UUID, decision: { action: "approved" }, workflowName: "customer-support", stepId: "review_gate" }]),
    maxRedirects: 0,
  });
  expect(response.status(), `${action.name} answered ${response.status()}`).toBeLessThan(500);
  return response.text();
}

test("every server action in the build is listed with the least role allowed to call it", () => {
  const names = serverActions().map((a) => a.name).sort();
  expect(names.length).toBeGreaterThan(0);
  expect(names).toEqual(Object.keys(MINIMUM_ROLE).sort());
});

test("every server action refuses a caller without a session", async ({ request }) => {
  const before = await db.reviewDecision.count();
  for (const action of serverActions()) {
    const body = await callAction(request, action);
    expect(body, action.name).toContain("You are not signed in");
  }
  expect(await db.reviewDecision.count()).toBe(before);
});

test("every server action above a role's rights refuses that role", async ({ page, request }) => {
  const settingsBefore = await db.gateSettings.count();
  for (const [role, email] of [["reviewer", SEEDED.reviewer], ["supervisor", SEEDED.supervisor]] as const) {
    await page.context().clearCookies();
    await signIn(page, email);
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const rank = { reviewer: 0, supervisor: 1, admin: 2 };
    for (const action of serverActions().filter((a) => rank[MINIMUM_ROLE[a.name]!] > rank[role])) {
      const body = await callAction(request, action, cookie);
      expect(body, `${action.name} as ${role}`).toContain("You do not have permission");
    }
  }
  expect(await db.gateSettings.count()).toBe(settingsBefore);
});

test("every API route refuses a caller without a token, with a bad token, and with a token lacking its scope", async ({ request }) => {
  const { secret: scopeless } = await createApiToken({ name: "e2e scopeless", scopes: [] });
  const runsBefore = await db.run.count();
  for (const { route, url, methods } of routeHandlers()) {
    if (PUBLIC_ROUTES.has(route)) continue;
    for (const method of methods) {
      for (const [label, authorization, expected] of [
        ["no token", undefined, 401],
        ["bad token", "Bearer not-a-token", 401],
        ["token without the scope", `Bearer ${scopeless}`, 403],
      ] as const) {
        const response = await request.fetch(url, {
          method,
          headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
          data: method === "GET" ? undefined : JSON.stringify({ input: { message: "hello" } }),
          maxRedirects: 0,
        });
        expect(response.status(), `${method} ${url} with ${label}`).toBe(expected);
        expect((await response.json()).error.code, `${method} ${url} with ${label}`).toBeTruthy();
      }
    }
  }
  expect(await db.run.count()).toBe(runsBefore);
});
