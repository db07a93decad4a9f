import { describe, expect, it } from "vitest";
import { computeSlaDueAt, slaState } from "./sla";

describe("SLA due dates", () => {
  it("adds the SLA minutes to the creation time", () => {
    const created = new Date("2026-01-05T10:00:00Z");
    expect(computeSlaDueAt(created, 120).toISOString()).toBe("2026-01-05T12:00:00.000Z");
    expect(computeSlaDueAt(created, 30).toISOString()).toBe("2026-01-05T10:30:00.000Z");
    expect(computeSlaDueAt(created, 360).toISOString()).toBe("2026-01-05T16:00:00.000Z");
  });

  it("crosses midnight and month ends in UTC", () => {
    expect(computeSlaDueAt(new Date("2026-01-31T23:00:00Z"), 120).toISOString()).toBe("2026-02-01T01:00:00.000Z");
  });

  it.each([0, -5, 1.5, Number.NaN])("refuses %s minutes", (minutes) => {
    expect(() => computeSlaDueAt(new Date(), minutes)).toThrow(RangeError);
  });

  it("is on track, then at risk in the last quarter, then breached", () => {
    const created = new Date("2026-01-05T10:00:00Z");
    const due = computeSlaDueAt(created, 120);
    expect(slaState(new Date("2026-01-05T11:00:00Z"), created, due)).toBe("on_track");
    expect(slaState(new Date("2026-01-05T11:40:00Z"), created, due)).toBe("at_risk");
    expect(slaState(new Date("2026-01-05T12:00:00Z"), created, due)).toBe("breached");
  });
});
