/** When an item created at `from` with an SLA of `slaMinutes` is due. */
export function computeSlaDueAt(from: Date, slaMinutes: number): Date {
  if (!Number.isInteger(slaMinutes) || slaMinutes <= 0) throw new RangeError(`SLA minutes must be a positive integer, got ${slaMinutes}`);
  return new Date(from.getTime() + slaMinutes * 60_000);
}

export type SlaState = "on_track" | "at_risk" | "breached";

/** at_risk once less than `riskShare` of the SLA is left. */
export function slaState(now: Date, createdAt: Date, dueAt: Date, riskShare = 0.25): SlaState {
  const left = dueAt.getTime() - now.getTime();
  if (left <= 0) return "breached";
  const total = dueAt.getTime() - createdAt.getTime();
  return left < total * riskShare ? "at_risk" : "on_track";
}
