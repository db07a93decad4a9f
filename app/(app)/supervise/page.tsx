import type { Metadata } from "next";
import { SupervisedItemsTable } from "@/components/supervise/supervised-items-table";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { formatCount } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Panel } from "@/components/ui/panel";
import { requirePageAccess } from "@/lib/auth/current-user";
import { findAssignableReviewers } from "@/lib/review/find-assignable-reviewers";
import { findClaims, findItemsAtRisk } from "@/lib/review/find-claims";
import { findRecentItemEvents } from "@/lib/review/find-item-events";
import { assignItemAction, forceReleaseItemAction } from "./actions";

export const metadata: Metadata = { title: "Supervise" };

const REFRESH_MS = 10_000;

export default async function SupervisePage() {
  await requirePageAccess("reviews:supervise", "/supervise");
  const now = new Date();
  const [claims, atRisk, reviewers] = await Promise.all([findClaims(), findItemsAtRisk({ now }), findAssignableReviewers()]);
  const events = await findRecentItemEvents([...claims.items, ...atRisk.items].map((item) => item.id));

  const tableProps = { reviewers, events, now, forceRelease: forceReleaseItemAction, assign: assignItemAction };
  const more = (page: { hasMore: boolean; items: unknown[] }) =>
    page.hasMore ? <span className="text-xs text-zinc-500">Showing the first {formatCount(page.items.length)}</span> : null;

  return (
    <>
      <AutoRefresh intervalMs={REFRESH_MS} />
      <PageHeader
        title="Supervise"
        description="Who holds what, and open items close to or past their SLA. Assigning an item reserves it for one person and releases any claim on it. Refreshes every 10 seconds."
      />
      <Panel title={`Being reviewed (${formatCount(claims.items.length)}${claims.hasMore ? "+" : ""})`} bodyClassName="" className="mb-6" actions={more(claims)}>
        {claims.items.length > 0 ? (
          <SupervisedItemsTable kind="claims" items={claims.items} {...tableProps} />
        ) : (
          <EmptyState>Nobody is reviewing an item right now.</EmptyState>
        )}
      </Panel>
      <Panel title={`Open items at risk or past SLA (${formatCount(atRisk.items.length)}${atRisk.hasMore ? "+" : ""})`} bodyClassName="" actions={more(atRisk)}>
        {atRisk.items.length > 0 ? (
          <SupervisedItemsTable kind="at_risk" items={atRisk.items} {...tableProps} />
        ) : (
          <EmptyState>No open item is close to its deadline.</EmptyState>
        )}
      </Panel>
    </>
  );
}
