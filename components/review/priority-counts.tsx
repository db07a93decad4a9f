import { formatCount } from "../ui/format";
import { PriorityBadge } from "../ui/status-badges";

export function PriorityCounts({ counts }: { counts: Record<string, number> }) {
  return (
    <dl className="flex flex-wrap gap-2" aria-label="Waiting items per priority">
      {Object.entries(counts).map(([priority, count]) => (
        <div key={priority} className="flex items-center gap-2 rounded-md border border-zinc-200 bg-white px-2.5 py-1.5">
          <dt>
            <PriorityBadge priority={priority} />
          </dt>
          <dd className="font-semibold tabular-nums text-zinc-900">{formatCount(count)}</dd>
        </div>
      ))}
    </dl>
  );
}
