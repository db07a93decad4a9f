import { describe, expect, it } from "vitest";
import { ownerAllowsScope } from "../api/api-tokens";
import { can, roles } from "../auth/permissions";
import { requireScope } from "./require-scope";

describe("oversight scopes", () => {
  const holders = (scope: Parameters<typeof can>[1]) => roles.filter((role) => can(role, scope));

  it("keeps users, tokens and settings to admins, and the audit trail to supervisors and admins", () => {
    expect(holders("users:manage")).toEqual(["admin"]);
    expect(holders("tokens:manage")).toEqual(["admin"]);
    expect(holders("settings:manage")).toEqual(["admin"]);
    expect(holders("audit:view")).toEqual(["supervisor", "admin"]);
  });

  it("refuses a caller without the scope with a 403", () => {
    expect(() => requireScope({ id: "x", role: "supervisor" }, "users:manage")).toThrow(expect.objectContaining({ status: 403, code: "forbidden" }));
    expect(() => requireScope({ id: "x", role: "admin" }, "users:manage")).not.toThrow();
  });

  it("lets a token act as its owner only within the owner's role", () => {
    expect(ownerAllowsScope("settings:write", { role: "admin" })).toBe(true);
    expect(ownerAllowsScope("settings:write", { role: "supervisor" })).toBe(false);
    expect(ownerAllowsScope("reviews:decide", { role: "reviewer" })).toBe(true);
    expect(ownerAllowsScope("reviews:decide", null)).toBe(false);
    expect(ownerAllowsScope("metrics:read", null)).toBe(true);
  });
});
