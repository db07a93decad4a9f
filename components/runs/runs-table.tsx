import Link from "next/link";
import type { RunListEntry } from "@/lib/runs/find-runs";
import { formatDateTime, formatRelative } from "../ui/format";
import { RouteBadge, RunStatusBadge } from "../ui/status-badges";

export function RunsTable({ runs, now }: { runs: RunListEntry[]; now: Date }) {
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-left">
        <caption className="sr-only">Runs, newest first</caption>
        <thead className="border-b border-zinc-200 text-xs text-zinc-500">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">Status</th>
            <th scope="col" className="px-4 py-2 font-medium">Message</th>
            <th scope="col" className="hidden px-4 py-2 font-medium md:table-cell">Workflow</th>
            <th scope="col" className="px-4 py-2 font-medium">Route</th>
            <th scope="col" className="px-4 py-2 font-medium">Created</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {runs.map((run) => (
            <tr key={run.id} className="hover:bg-zinc-50">
              <td className="whitespace-nowrap px-4 py-2.5 align-top">
                <RunStatusBadge status={run.status} />
              </td>
              <td className="max-w-xl px-4 py-2.5 align-top">
                <Link href={`/runs/${run.id}`} className="line-clamp-2 text-zinc-900 hover:text-accent-700 hover:underline">
                  {run.messageExcerpt ?? <span className="font-mono text-xs text-zinc-500">{run.id}</span>}
                </Link>
                <div className="mt-0.5 text-xs text-zinc-500 md:hidden">{run.workflowName}</div>
              </td>
              <td className="hidden whitespace-nowrap px-4 py-2.5 align-top text-zinc-700 md:table-cell">
                {run.workflowName} <span className="text-zinc-400">v{run.workflowVersion}</span>
              </td>
              <td className="px-4 py-2.5 align-top">
                <RouteBadge route={run.route} />
              </td>
              <td className="whitespace-nowrap px-4 py-2.5 align-top text-zinc-600" title={formatDateTime(run.createdAt)}>
                {formatRelative(run.createdAt, now)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
