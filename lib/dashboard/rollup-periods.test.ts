import { describe, expect, it } from "vitest";
import { planWindow } from "./plan-window";
import { HOUR_MS, grainsWithin, splitIntoPeriods } from "./rollup-periods";

const at = (iso: string) => Date.parse(iso);
const describePeriods = (periods: { grainHours: number; start: number }[]) => periods.map((p) => `${new Date(p.start).toISOString().slice(5, 13)}+${p.grainHours}`);

describe("splitting hours into roll-up periods", () => {
  it("uses the longest aligned period that fits, from the left", () => {
    const periods = splitIntoPeriods(at("2026-03-01T04:00Z"), at("2026-03-03T08:00Z"));
    expect(describePeriods(periods)).toEqual(["03-01T04+1", "03-01T05+1", "03-01T06+6", "03-01T12+6", "03-01T18+6", "03-02T00+24", "03-03T00+6", "03-03T06+1", "03-03T07+1"]);
    // Contiguous, and covering exactly the range.
    let t = at("2026-03-01T04:00Z");
    for (const p of periods) {
      expect(p.start).toBe(t);
      t += p.grainHours * HOUR_MS;
    }
    expect(t).toBe(at("2026-03-03T08:00Z"));
  });

  it("keeps a week to a few periods, and only uses grains that fit in the chart's buckets", () => {
    const from = at("2026-03-01T05:00Z");
    const to = from + 167 * HOUR_MS;
    expect(splitIntoPeriods(from, to).length).toBeLessThanOrEqual(5 + 3 + 6 + 3 + 5);
    expect(grainsWithin(6 * 3600)).toEqual([1, 6]);
    expect(grainsWithin(3600)).toEqual([1]);
    expect(splitIntoPeriods(from, to, grainsWithin(6 * 3600)).every((p) => p.grainHours <= 6)).toBe(true);
    expect(splitIntoPeriods(from, from)).toEqual([]);
    expect(() => splitIntoPeriods(from + 1, to)).toThrow();
  });
});

describe("planning a window", () => {
  const now = new Date("2026-03-08T10:25:00.000Z");
  const since = new Date(now.getTime() - 168 * HOUR_MS);

  it("reads whole rolled-up hours from the roll-up and computes the window's edges live", () => {
    const plan = planWindow({ since, now, bucketSeconds: 6 * 3600, rolled: { from: at("2026-02-01T00:00Z"), to: at("2026-03-08T10:00Z") } });
    expect(plan.live).toEqual([
      { from: new Date("2026-03-01T10:25:00.001Z"), to: new Date("2026-03-01T11:00:00.000Z") },
      { from: new Date("2026-03-08T10:00:00.000Z"), to: new Date("2026-03-08T10:25:00.001Z") },
    ]);
    expect(plan.periods[0]!.start).toBe(at("2026-03-01T11:00Z"));
    expect(plan.periods.reduce((h, p) => h + p.grainHours, 0)).toBe(167);
    expect(plan.reviewerPeriods.reduce((h, p) => h + p.grainHours, 0)).toBe(167);
    expect(plan.reviewerPeriods.length).toBeLessThan(plan.periods.length);
  });

  it("computes live whatever the roll-up has not reached: after its watermark, before its history", () => {
    const plan = planWindow({ since, now, bucketSeconds: 6 * 3600, rolled: { from: at("2026-03-05T00:00Z"), to: at("2026-03-07T00:00Z") } });
    expect(plan.live).toEqual([
      { from: new Date("2026-03-01T10:25:00.001Z"), to: new Date("2026-03-05T00:00:00.000Z") },
      { from: new Date("2026-03-07T00:00:00.000Z"), to: new Date("2026-03-08T10:25:00.001Z") },
    ]);
    expect(plan.periods.map((p) => p.grainHours)).toEqual([6, 6, 6, 6, 6, 6, 6, 6]);
  });

  it("is all live without a roll-up, with one outside the window, and for 5-minute charts", () => {
    const whole = [{ from: new Date(since.getTime() + 1), to: new Date(now.getTime() + 1) }];
    expect(planWindow({ since, now, bucketSeconds: 21600, rolled: null })).toEqual({ live: whole, periods: [], reviewerPeriods: [] });
    expect(planWindow({ since, now, bucketSeconds: 21600, rolled: { from: at("2026-01-01T00:00Z"), to: at("2026-02-01T00:00Z") } }).live).toEqual(whole);
    const hour = new Date(now.getTime() - HOUR_MS);
    expect(planWindow({ since: hour, now, bucketSeconds: 300, rolled: { from: at("2026-01-01T00:00Z"), to: at("2026-03-09T00:00Z") } }).periods).toEqual([]);
  });

  it("counts a fact stamped exactly at the window's end, and none stamped exactly at its start", () => {
    const onTheHour = new Date("2026-03-08T10:00:00.000Z");
    const plan = planWindow({ since: new Date(onTheHour.getTime() - 24 * HOUR_MS), now: onTheHour, bucketSeconds: 3600, rolled: { from: 0, to: at("2026-03-09T00:00Z") } });
    expect(plan.live).toEqual([
      { from: new Date("2026-03-07T10:00:00.001Z"), to: new Date("2026-03-07T11:00:00.000Z") },
      { from: onTheHour, to: new Date("2026-03-08T10:00:00.001Z") },
    ]);
    expect(plan.periods).toHaveLength(23);
  });
});
