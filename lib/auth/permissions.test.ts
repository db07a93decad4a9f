import { describe, expect, it } from "vitest";
import { can, reviewTiersFor } from "./permissions";

describe("role permissions", () => {
  it("keeps settings to admins and the dashboard to supervisors and admins", () => {
    expect(["reviewer", "senior_reviewer", "supervisor", "admin"].filter((r) => can(r as never, "settings:manage"))).toEqual(["admin"]);
    expect(["reviewer", "senior_reviewer", "supervisor", "admin"].filter((r) => can(r as never, "dashboard:view"))).toEqual(["supervisor", "admin"]);
  });

  it("lets only senior roles take senior items", () => {
    expect(reviewTiersFor("reviewer")).toEqual(["standard"]);
    expect(reviewTiersFor("senior_reviewer")).toEqual(["standard", "senior"]);
    expect(reviewTiersFor("supervisor")).toEqual(["standard", "senior", "supervisor"]);
  });
});
