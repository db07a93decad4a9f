import Link from "next/link";
import type { ActionResult } from "@/lib/auth/authorized-action";
import { roleLabels } from "@/lib/auth/permissions";
import type { AssignableReviewer } from "@/lib/review/find-assignable-reviewers";
import type { SupervisedItem } from "@/lib/review/find-claims";
import type { ItemEventSummary } from "@/lib/review/find-item-events";
import { Badge } from "../ui/badge";
import { formatDateTime, formatDuration, formatRelative, humanize } from "../ui/format";
import { PriorityBadge, TierBadge } from "../ui/status-badges";
import { AssignControl, type AssigneeOption } from "./assign-control";
import { ForceReleaseButton } from "./force-release-button";
import { ItemEvents } from "./item-events";
import { LeaseLeft, SlaLeft } from "./live-countdown";

type ItemAction<Input> = (input: Input) => Promise<ActionResult<unknown>>;

/**
 * Items under supervision. "claims": who holds each item and a force release; "at_risk": open
 * items close to or past their deadline. Both can be assigned to a named reviewer.
 * Message text is the customer's: rendered as text only.
 */
export function SupervisedItemsTable({
  kind,
  items,
  reviewers,
  events,
  now,
  forceRelease,
  assign,
}: {
  kind: "claims" | "at_risk";
  items: SupervisedItem[];
  reviewers: AssignableReviewer[];
  events: Map<string, ItemEventSummary[]>;
  now: Date;
  forceRelease: ItemAction<{ itemId: string }>;
  assign: ItemAction<{ itemId: string; assigneeId: string | null }>;
}) {
  const serverNow = now.getTime();
  const claims = kind === "claims";
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-left">
        <caption className="sr-only">{claims ? "Items being reviewed, the claim closest to expiring first" : "Open items at risk or past their SLA, earliest deadline first"}</caption>
        <thead className="border-b border-zinc-200 text-xs text-zinc-500">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">Item</th>
            <th scope="col" className="px-4 py-2 font-medium">Priority · tier · stage</th>
            {claims ? (
              <>
                <th scope="col" className="px-4 py-2 font-medium">Held by</th>
                <th scope="col" className="px-4 py-2 font-medium">Lease</th>
              </>
            ) : (
              <th scope="col" className="px-4 py-2 font-medium">Waiting</th>
            )}
            <th scope="col" className="px-4 py-2 font-medium">SLA</th>
            <th scope="col" className="px-4 py-2 font-medium">Escalation</th>
            <th scope="col" className="px-4 py-2 font-medium">Assignment</th>
            {claims ? (
              <th scope="col" className="px-4 py-2 text-right font-medium">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {items.map((item) => (
            <tr key={item.id} id={`item-${item.id}`} className="scroll-mt-20 align-top hover:bg-zinc-50 target:bg-accent-50">
              <td className="max-w-sm px-4 py-2.5">
                <Link href={`/review/${item.id}`} className="line-clamp-2 text-zinc-900 hover:text-accent-700 hover:underline">
                  {item.messageExcerpt ?? <span className="font-mono text-xs text-zinc-500">{item.id}</span>}
                </Link>
                <div className="mt-0.5 text-xs text-zinc-500">
                  {item.workflowName} · created <span title={formatDateTime(item.createdAt)}>{formatRelative(item.createdAt, now)}</span>
                </div>
                <ItemEvents events={events.get(item.id) ?? []} />
              </td>
              <td className="px-4 py-2.5">
                <div className="flex flex-wrap gap-1">
                  <PriorityBadge priority={item.priority} />
                  <TierBadge tier={item.tier} showStandard />
                  <Badge tone={item.stage === "first_review" ? "neutral" : "amber"}>{humanize(item.stage)}</Badge>
                  {item.requiredApprovals > 1 ? (
                    <Badge tone="violet" title="Two independent reviewers must agree">
                      four eyes
                    </Badge>
                  ) : null}
                </div>
              </td>
              {claims ? (
                <>
                  <td className="whitespace-nowrap px-4 py-2.5">
                    <div className="font-medium text-zinc-900">{item.claimedBy?.name ?? "—"}</div>
                    {item.claimedAt ? (
                      <div className="text-xs text-zinc-500" title={formatDateTime(item.claimedAt)}>
                        since {formatRelative(item.claimedAt, now)}
                      </div>
                    ) : null}
                  </td>
                  <td className="whitespace-nowrap px-4 py-2.5">
                    {item.leaseExpiresAt ? <LeaseLeft expiresAt={item.leaseExpiresAt.toISOString()} serverNow={serverNow} /> : "—"}
                  </td>
                </>
              ) : (
                <td className="whitespace-nowrap px-4 py-2.5 tabular-nums text-zinc-700" title={`Created ${formatDateTime(item.createdAt)}`}>
                  {formatDuration(now.getTime() - item.createdAt.getTime())}
                </td>
              )}
              <td className="whitespace-nowrap px-4 py-2.5" title={`Due ${formatDateTime(item.slaDueAt)}`}>
                <SlaLeft dueAt={item.slaDueAt.toISOString()} atRiskAt={item.atRiskAt.toISOString()} serverNow={serverNow} />
              </td>
              <td className="whitespace-nowrap px-4 py-2.5">
                {item.escalationLevel > 0 ? <Badge tone="red">level {item.escalationLevel}</Badge> : <span className="text-zinc-400">—</span>}
              </td>
              <td className="px-4 py-2.5">
                <AssignControl
                  itemId={item.id}
                  assignee={item.assignedTo}
                  options={assigneeOptions(item, reviewers)}
                  releasesClaimOf={item.claimedBy?.name ?? null}
                  assign={assign}
                />
              </td>
              {claims ? (
                <td className="px-4 py-2.5 text-right">
                  <ForceReleaseButton itemId={item.id} holderName={item.claimedBy?.name ?? "the holder"} forceRelease={forceRelease} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** People whose role can take the item's tier and who have not decided it already (four eyes). */
function assigneeOptions(item: SupervisedItem, reviewers: AssignableReviewer[]): AssigneeOption[] {
  return reviewers
    .filter((reviewer) => reviewer.tiers.includes(item.tier) && !item.decidedByIds.includes(reviewer.id) && reviewer.id !== item.assignedTo?.id)
    .map((reviewer) => ({ id: reviewer.id, label: `${reviewer.name} (${roleLabels[reviewer.role]})` }));
}
