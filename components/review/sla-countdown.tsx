"use client";

import { formatSlaLeft } from "../ui/format";
import { useNow } from "../ui/use-now";

const stateStyles = { on_track: "text-zinc-900", at_risk: "text-amber-700", breached: "text-red-700" } as const;

/**
 * Time left on an item's SLA, ticking every second: "12m 3s left" or "overdue by 4m 10s".
 * The deadline and the at-risk moment come from the item (they follow the SLA's business hours).
 */
export function SlaCountdown({ dueAt, atRiskAt, serverNow }: { dueAt: string; atRiskAt: string; serverNow: number }) {
  const now = useNow(serverNow);
  const state = now >= new Date(dueAt).getTime() ? "breached" : now >= new Date(atRiskAt).getTime() ? "at_risk" : "on_track";
  return (
    <span role="timer" aria-label="Time left on the SLA" className={`text-lg font-semibold tabular-nums ${stateStyles[state]}`}>
      {formatSlaLeft(dueAt, now)}
    </span>
  );
}
