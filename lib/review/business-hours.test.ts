import { describe, expect, it } from "vitest";
import { addBusinessMinutes, businessCalendarSchema, type BusinessCalendar } from "./business-hours";

const berlinOffice: BusinessCalendar = { timeZone: "Europe/Berlin", workingDays: [1, 2, 3, 4, 5], start: "09:00", end: "17:00" };

describe("business-hours SLA clock", () => {
  it("counts every minute without a calendar", () => {
    expect(addBusinessMinutes(new Date("2026-03-07T22:00:00Z"), 120).toISOString()).toBe("2026-03-08T00:00:00.000Z");
  });

  it("runs inside working hours", () => {
    // Tuesday 10:00 Berlin (09:00 UTC in winter) + 2 h = 12:00 Berlin.
    expect(addBusinessMinutes(new Date("2026-01-06T09:00:00Z"), 120).toISOString()).toBe("2026-01-06T11:00:00.000Z");
  });

  it("pauses overnight", () => {
    // Tuesday 16:00 Berlin + 2 h = 1 h on Tuesday, 1 h on Wednesday from 09:00 → Wednesday 10:00 Berlin.
    expect(addBusinessMinutes(new Date("2026-01-06T15:00:00Z"), 120, berlinOffice).toISOString()).toBe("2026-01-07T09:00:00.000Z");
  });

  it("pauses over the weekend", () => {
    // Friday 16:30 Berlin + 60 min → Monday 09:30 Berlin.
    expect(addBusinessMinutes(new Date("2026-01-09T15:30:00Z"), 60, berlinOffice).toISOString()).toBe("2026-01-12T08:30:00.000Z");
  });

  it("starts the clock at opening time for work that arrives before it", () => {
    // Saturday night → Monday 09:00 + 30 min.
    expect(addBusinessMinutes(new Date("2026-01-10T22:00:00Z"), 30, berlinOffice).toISOString()).toBe("2026-01-12T08:30:00.000Z");
  });

  it("keeps wall-clock hours across a daylight-saving change", () => {
    // Friday 27 March 2026 16:00 CET; clocks go forward on Sunday 29 March. 2 h → Monday 10:00 CEST = 08:00 UTC.
    expect(addBusinessMinutes(new Date("2026-03-27T15:00:00Z"), 120, berlinOffice).toISOString()).toBe("2026-03-30T08:00:00.000Z");
  });

  it("validates calendars", () => {
    expect(businessCalendarSchema.safeParse(berlinOffice).success).toBe(true);
    expect(businessCalendarSchema.safeParse({ ...berlinOffice, timeZone: "Mars/Olympus" }).success).toBe(false);
    expect(businessCalendarSchema.safeParse({ ...berlinOffice, start: "18:00" }).success).toBe(false);
    expect(businessCalendarSchema.safeParse({ ...berlinOffice, workingDays: [] }).success).toBe(false);
  });
});
