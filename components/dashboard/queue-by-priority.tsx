import type { PriorityQueueFigures } from "@/lib/dashboard/get-dashboard-overview";
import { formatCount, formatDuration } from "../ui/format";
import { PriorityBadge } from "../ui/status-badges";

export function QueueByPriority({ rows, now }: { rows: PriorityQueueFigures[]; now: Date }) {
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-left">
        <caption className="sr-only">Waiting review items per priority</caption>
        <thead className="border-b border-zinc-200 text-xs text-zinc-500">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">Priority</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Waiting</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Being reviewed</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Senior</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Four eyes</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">At risk</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Past SLA</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Age p50</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Age p90</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Oldest</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 tabular-nums">
          {rows.map((row) => (
            <tr key={row.priority}>
              <th scope="row" className="px-4 py-2 font-normal">
                <PriorityBadge priority={row.priority} />
              </th>
              <td className="px-4 py-2 text-right font-medium">{formatCount(row.waiting)}</td>
              <td className="px-4 py-2 text-right">{formatCount(row.claimed)}</td>
              <td className="px-4 py-2 text-right">{formatCount(row.senior)}</td>
              <td className="px-4 py-2 text-right" title="In second review / in tie-break">
                {formatCount(row.secondReview)} / {formatCount(row.tieBreak)}
              </td>
              <td className={`px-4 py-2 text-right ${row.atRisk > 0 ? "font-medium text-amber-700" : ""}`}>{formatCount(row.atRisk)}</td>
              <td className={`px-4 py-2 text-right ${row.breached > 0 ? "font-medium text-red-700" : ""}`}>{formatCount(row.breached)}</td>
              <td className="px-4 py-2 text-right text-zinc-600">{row.age.p50Ms === null ? "—" : formatDuration(row.age.p50Ms)}</td>
              <td className="px-4 py-2 text-right text-zinc-600">{row.age.p90Ms === null ? "—" : formatDuration(row.age.p90Ms)}</td>
              <td className="px-4 py-2 text-right text-zinc-600">{row.oldestCreatedAt ? formatDuration(now.getTime() - row.oldestCreatedAt.getTime()) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
