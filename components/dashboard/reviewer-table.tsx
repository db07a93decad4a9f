import type { ReviewerFigures } from "@/lib/dashboard/get-dashboard-overview";
import { formatCount, formatDuration } from "../ui/format";

const perHour = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });

export function ReviewerTable({ rows }: { rows: ReviewerFigures[] }) {
  if (rows.length === 0) return <p className="px-4 py-6 text-center text-zinc-500">No decisions in this window.</p>;
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-left">
        <caption className="sr-only">Decisions per reviewer in the window</caption>
        <thead className="border-b border-zinc-200 text-xs text-zinc-500">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">Reviewer</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Decisions</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Per hour</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Approved / edited / rejected</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Median handling</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 tabular-nums">
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row" className="px-4 py-2 font-normal">{row.name}</th>
              <td className="px-4 py-2 text-right font-medium">{formatCount(row.decisions)}</td>
              <td className="px-4 py-2 text-right">{perHour.format(row.perHour)}</td>
              <td className="px-4 py-2 text-right">
                {formatCount(row.approved)} / {formatCount(row.edited)} / {formatCount(row.rejected)}
              </td>
              <td className="px-4 py-2 text-right">{row.medianHandlingMs === null ? "—" : formatDuration(row.medianHandlingMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
