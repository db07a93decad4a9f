import Link from "next/link";
import type { QueueEntry } from "@/lib/review/find-review-queue";
import { formatConfidence, formatDateTime, formatRelative, formatSlaLeft, humanize } from "../ui/format";
import { Badge } from "../ui/badge";
import { PriorityBadge, SlaBadge, TierBadge } from "../ui/status-badges";

/** The reviewer's queue in claim order. Message text is the customer's: rendered as text only. */
export function QueueTable({ entries, currentUserId, now }: { entries: QueueEntry[]; currentUserId: string; now: Date }) {
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-left">
        <caption className="sr-only">Items waiting for review, most urgent first</caption>
        <thead className="border-b border-zinc-200 text-xs font-medium text-zinc-500">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">Priority</th>
            <th scope="col" className="px-4 py-2 font-medium">Message</th>
            <th scope="col" className="hidden px-4 py-2 font-medium md:table-cell">Confidence</th>
            <th scope="col" className="px-4 py-2 font-medium">SLA</th>
            <th scope="col" className="hidden px-4 py-2 font-medium sm:table-cell">Held by</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {entries.map((entry) => {
            const mine = entry.claimedBy?.id === currentUserId;
            const overdue = entry.slaDueAt.getTime() <= now.getTime();
            return (
              <tr key={entry.id} className={mine ? "bg-accent-50/60" : "hover:bg-zinc-50"}>
                <td className="px-4 py-2.5 align-top">
                  <div className="flex flex-wrap gap-1">
                    <PriorityBadge priority={entry.priority} />
                    <TierBadge tier={entry.tier} />
                    {entry.stage !== "first_review" ? <Badge tone="amber">{humanize(entry.stage)}</Badge> : null}
                    {entry.requiredApprovals > 1 && entry.stage === "first_review" ? (
                      <Badge tone="violet" title="Two independent reviewers must agree">
                        four eyes
                      </Badge>
                    ) : null}
                    {entry.escalationLevel > 0 ? <Badge tone="red">escalated</Badge> : null}
                    {entry.assignedTo?.id === currentUserId ? <Badge tone="accent">assigned to you</Badge> : null}
                  </div>
                </td>
                <td className="max-w-xl px-4 py-2.5 align-top">
                  <Link href={`/review/${entry.id}`} className="line-clamp-2 text-zinc-900 hover:text-accent-700 hover:underline">
                    {entry.messageExcerpt ?? <span className="italic text-zinc-400">No message</span>}
                  </Link>
                  <div className="mt-0.5 flex flex-wrap gap-x-2 text-xs text-zinc-500">
                    <span>{entry.workflowName}</span>
                    <span title={formatDateTime(entry.createdAt)}>created {formatRelative(entry.createdAt, now)}</span>
                    <span className="md:hidden">confidence {formatConfidence(entry.confidence)}</span>
                  </div>
                </td>
                <td className="hidden px-4 py-2.5 align-top tabular-nums md:table-cell">{formatConfidence(entry.confidence)}</td>
                <td className="whitespace-nowrap px-4 py-2.5 align-top">
                  <div className={`tabular-nums ${overdue ? "font-medium text-red-700" : "text-zinc-700"}`} title={`Due ${formatDateTime(entry.slaDueAt)}`}>
                    {formatSlaLeft(entry.slaDueAt, now)}
                  </div>
                  {!overdue ? <SlaBadge dueAt={entry.slaDueAt} atRiskAt={entry.atRiskAt} now={now} /> : null}
                </td>
                <td className="hidden px-4 py-2.5 align-top sm:table-cell">
                  {entry.claimedBy ? (
                    mine ? (
                      <Badge tone="accent">You</Badge>
                    ) : (
                      <span className="text-zinc-700">{entry.claimedBy.name}</span>
                    )
                  ) : (
                    <span className="text-zinc-400">—</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
