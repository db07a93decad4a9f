import type { ItemEventSummary } from "@/lib/review/find-item-events";
import { formatDateTime, formatTime, humanize } from "../ui/format";

/** The item's recent audit trail, folded away: type, who, when, and what changed. Text only. */
export function ItemEvents({ events }: { events: ItemEventSummary[] }) {
  if (events.length === 0) return null;
  return (
    <details className="group mt-1 text-xs">
      <summary className="cursor-pointer select-none text-zinc-500 hover:text-zinc-800">History ({events.length} recent)</summary>
      <ol className="mt-1.5 space-y-1.5 border-l border-zinc-200 pl-3" aria-label="Recent events, newest first">
        {events.map((event) => (
          <li key={event.id}>
            <div className="flex flex-wrap items-baseline gap-x-2">
              <span className="font-medium text-zinc-800">{humanize(event.type)}</span>
              <span className="text-zinc-600">{event.actor ? event.actor.name : "system"}</span>
              <time dateTime={event.at.toISOString()} title={formatDateTime(event.at)} className="tabular-nums text-zinc-500">
                {formatTime(event.at)}
              </time>
            </div>
            {event.details.map((line, i) => (
              <p key={i} className="break-words text-zinc-500">
                {line}
              </p>
            ))}
          </li>
        ))}
      </ol>
    </details>
  );
}
