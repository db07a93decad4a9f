import { describe, expect, it } from "vitest";
import { computeSlaDeadlines } from "./sla";

const aroundTheClock = { atRiskShare: 0.25, businessHours: null };
const office = { atRiskShare: 0.25, businessHours: { timeZone: "Europe/Berlin", workingDays: [1, 2, 3, 4, 5], start: "09:00", end: "17:00" } };

describe("SLA deadlines", () => {
  it("adds the gate's SLA minutes to the creation time", () => {
    const created = new Date("2026-01-05T10:00:00Z");
    expect(computeSlaDeadlines(created, 120, aroundTheClock).dueAt.toISOString()).toBe("2026-01-05T12:00:00.000Z");
    expect(computeSlaDeadlines(created, 30, aroundTheClock).dueAt.toISOString()).toBe("2026-01-05T10:30:00.000Z");
    expect(computeSlaDeadlines(created, 360, aroundTheClock).dueAt.toISOString()).toBe("2026-01-05T16:00:00.000Z");
  });

  it("puts the at-risk moment where a quarter of the SLA is left", () => {
    const { atRiskAt } = computeSlaDeadlines(new Date("2026-01-05T10:00:00Z"), 120, aroundTheClock);
    expect(atRiskAt.toISOString()).toBe("2026-01-05T11:30:00.000Z");
  });

  it("crosses midnight and month ends", () => {
    expect(computeSlaDeadlines(new Date("2026-01-31T23:00:00Z"), 120, aroundTheClock).dueAt.toISOString()).toBe("2026-02-01T01:00:00.000Z");
  });

  it("counts only working time with a business calendar", () => {
    // Friday 16:00 Berlin, 120 minutes: 60 on Friday, 60 on Monday from 09:00.
    const { dueAt, atRiskAt } = computeSlaDeadlines(new Date("2026-01-09T15:00:00Z"), 120, office);
    expect(dueAt.toISOString()).toBe("2026-01-12T09:00:00.000Z");
    expect(atRiskAt.toISOString()).toBe("2026-01-12T08:30:00.000Z");
  });

  it.each([0, -5, 1.5, Number.NaN])("refuses %s minutes", (minutes) => {
    expect(() => computeSlaDeadlines(new Date(), minutes, aroundTheClock)).toThrow(RangeError);
  });

  it("refuses an at-risk share outside [0, 1)", () => {
    expect(() => computeSlaDeadlines(new Date(), 60, { atRiskShare: 1, businessHours: null })).toThrow(RangeError);
  });
});
