import { DateTime } from "luxon";
import { z } from "zod";

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM (24-hour)");

/** Working hours that an SLA clock counts; outside them the clock is paused. */
export const businessCalendarSchema = z
  .object({
    timeZone: z.string().refine((zone) => DateTime.local().setZone(zone).isValid, "Unknown time zone"),
    /** ISO weekdays: 1 = Monday … 7 = Sunday. */
    workingDays: z.array(z.number().int().min(1).max(7)).min(1, "Pick at least one working day"),
    start: time,
    end: time,
  })
  .refine((c) => c.start < c.end, { message: "The working day must end after it starts", path: ["end"] });
export type BusinessCalendar = z.infer<typeof businessCalendarSchema>;

function at(day: DateTime, hhmm: string): DateTime {
  const [hour, minute] = hhmm.split(":").map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}

/**
 * The moment `minutes` of working time after `from`. Without a calendar every minute counts.
 * Wall-clock hours in the calendar's zone, so daylight-saving changes move nothing.
 */
export function addBusinessMinutes(from: Date, minutes: number, calendar?: BusinessCalendar | null): Date {
  if (!calendar) return new Date(from.getTime() + minutes * 60_000);
  let cursor: DateTime = DateTime.fromJSDate(from, { zone: calendar.timeZone });
  let remainingMs = minutes * 60_000;
  // A year of days is far more than any SLA needs; the bound only guards a malformed calendar.
  for (let day = 0; day < 400; day++) {
    const opens = at(cursor, calendar.start);
    const closes = at(cursor, calendar.end);
    if (calendar.workingDays.includes(cursor.weekday) && cursor < closes) {
      const start = cursor < opens ? opens : cursor;
      const available = closes.toMillis() - start.toMillis();
      if (remainingMs <= available) return start.plus({ milliseconds: remainingMs }).toJSDate();
      remainingMs -= available;
    }
    cursor = at(cursor.plus({ days: 1 }), "00:00");
  }
  throw new Error("The business calendar has no working time");
}
