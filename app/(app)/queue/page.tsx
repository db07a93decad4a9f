import type { Metadata } from "next";
import Link from "next/link";
import { ClaimNextButton } from "@/components/review/claim-next-button";
import { DecidedBanner } from "@/components/review/decided-banner";
import { PriorityCounts } from "@/components/review/priority-counts";
import { QueueTable } from "@/components/review/queue-table";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { formatCount } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Panel } from "@/components/ui/panel";
import { requirePageAccess } from "@/lib/auth/current-user";
import { can, reviewTiersFor } from "@/lib/auth/permissions";
import { findReviewQueue } from "@/lib/review/find-review-queue";
import { getReviewItem } from "@/lib/review/get-review-item";
import { claimNextItemAction } from "./actions";

export const metadata: Metadata = { title: "Queue" };

const QUEUE_PAGE_SIZE = 100;

export default async function QueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageAccess("reviews:work", "/queue");
  const { decided } = await searchParams;
  const tiers = reviewTiersFor(user.role);
  const [queue, decidedItem] = await Promise.all([
    findReviewQueue({ tiers, reviewerId: user.id, take: QUEUE_PAGE_SIZE }),
    typeof decided === "string" ? getReviewItem(decided).catch(() => null) : Promise.resolve(null),
  ]);
  const now = new Date();
  const held = queue.entries.find((entry) => entry.claimedBy?.id === user.id && entry.leaseExpiresAt && entry.leaseExpiresAt > now);

  return (
    <>
      <AutoRefresh intervalMs={10_000} />
      {decidedItem ? <DecidedBanner item={decidedItem} reviewerId={user.id} showRunLink={can(user.role, "runs:view")} /> : null}
      <PageHeader
        title="Review queue"
        description={`${tierDescription(tiers)}, most urgent first.`}
        actions={<ClaimNextButton claimNext={claimNextItemAction} />}
      />
      {held ? (
        <div className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded-lg border border-accent-100 bg-accent-50 px-4 py-2.5">
          <span className="text-accent-700">You are reviewing an item. Finish it before taking another.</span>
          <Link href={`/review/${held.id}`} className="font-medium text-accent-700 underline underline-offset-2">
            Continue reviewing
          </Link>
        </div>
      ) : null}
      <div className="mb-4">
        <PriorityCounts counts={queue.countsByPriority} />
      </div>
      <Panel
        title={`Waiting (${formatCount(queue.total)})`}
        bodyClassName=""
        actions={queue.total > queue.entries.length ? <span className="text-xs text-zinc-500">Showing the first {formatCount(queue.entries.length)}</span> : null}
      >
        {queue.entries.length > 0 ? (
          <QueueTable entries={queue.entries} currentUserId={user.id} now={now} />
        ) : (
          <EmptyState>Nothing is waiting for review. New items appear here as runs reach a review gate.</EmptyState>
        )}
      </Panel>
    </>
  );
}

function tierDescription(tiers: string[]): string {
  if (tiers.includes("supervisor")) return "Standard and senior items and tie-breaks";
  if (tiers.includes("senior")) return "Standard and senior items";
  return "Standard items";
}
