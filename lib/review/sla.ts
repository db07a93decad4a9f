import { addBusinessMinutes, type BusinessCalendar } from "./business-hours";

export interface SlaDeadlines {
  dueAt: Date;
  /** When the item counts as at risk: `atRiskShare` of the SLA left. */
  atRiskAt: Date;
}

/**
 * An item's SLA deadlines, counted in working time when the gate has a business calendar
 * (outside working hours the clock is paused) and around the clock otherwise.
 */
export function computeSlaDeadlines(
  from: Date,
  slaMinutes: number,
  policy: { atRiskShare: number; businessHours: BusinessCalendar | null },
): SlaDeadlines {
  if (!Number.isInteger(slaMinutes) || slaMinutes <= 0) throw new RangeError(`SLA minutes must be a positive integer, got ${slaMinutes}`);
  if (!(policy.atRiskShare >= 0 && policy.atRiskShare < 1)) throw new RangeError(`The at-risk share must be in [0, 1), got ${policy.atRiskShare}`);
  return {
    dueAt: addBusinessMinutes(from, slaMinutes, policy.businessHours),
    atRiskAt: addBusinessMinutes(from, slaMinutes * (1 - policy.atRiskShare), policy.businessHours),
  };
}
