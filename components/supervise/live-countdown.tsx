"use client";

import { formatDuration, formatSlaLeft } from "../ui/format";
import { useNow } from "../ui/use-now";

/** Time left on a reviewer's claim, ticking every second; amber in its last minute. */
export function LeaseLeft({ expiresAt, serverNow }: { expiresAt: string; serverNow: number }) {
  const now = useNow(serverNow);
  const left = new Date(expiresAt).getTime() - now;
  if (left <= 0) {
    return (
      <span role="timer" className="font-medium text-red-700" title="The maintenance job returns it to the queue within seconds">
        expired
      </span>
    );
  }
  return (
    <span role="timer" className={`tabular-nums ${left < 60_000 ? "font-medium text-amber-700" : "text-zinc-700"}`}>
      {formatDuration(left)} left
    </span>
  );
}

const slaStyles = { on_track: "text-zinc-700", at_risk: "font-medium text-amber-700", breached: "font-medium text-red-700" } as const;

/** Time left on an item's SLA, or how long it is overdue, ticking every second. */
export function SlaLeft({ dueAt, atRiskAt, serverNow }: { dueAt: string; atRiskAt: string; serverNow: number }) {
  const now = useNow(serverNow);
  const state = now >= new Date(dueAt).getTime() ? "breached" : now >= new Date(atRiskAt).getTime() ? "at_risk" : "on_track";
  return (
    <span role="timer" className={`tabular-nums ${slaStyles[state]}`}>
      {formatSlaLeft(dueAt, now)}
    </span>
  );
}
