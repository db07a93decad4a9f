import Link from "next/link";
import type { RunTimeline } from "@/lib/runs/get-run-timeline";
import { formatDateTime } from "../ui/format";
import { Fields } from "../ui/panel";
import { DecisionBadge, PriorityBadge, ReviewStatusBadge, TierBadge } from "../ui/status-badges";

export function RunReviewSummary({ review, canOpenItem }: { review: NonNullable<RunTimeline["review"]>; canOpenItem: boolean }) {
  return (
    <div className="space-y-3">
      <Fields
        columns={1}
        items={[
          { label: "Status", value: <ReviewStatusBadge status={review.status} /> },
          {
            label: "Priority",
            value: (
              <span className="flex flex-wrap gap-1">
                <PriorityBadge priority={review.priority} />
                <TierBadge tier={review.tier} showStandard />
              </span>
            ),
          },
          { label: "Created", value: formatDateTime(review.createdAt) },
          { label: "SLA due", value: formatDateTime(review.slaDueAt) },
          ...(review.status === "claimed" && review.claimedBy ? [{ label: "Held by", value: review.claimedBy.name }] : []),
          ...(review.decision ? [{ label: "Decision", value: <DecisionBadge decision={review.decision} /> }] : []),
          ...(review.decidedBy ? [{ label: "Reviewer", value: review.decidedBy.name }] : []),
          ...(review.reviewCount > 1 ? [{ label: "Reviews", value: `${review.reviewCount} decisions (four eyes)` }] : []),
          ...(review.decidedAt ? [{ label: "Decided", value: formatDateTime(review.decidedAt) }] : []),
        ]}
      />
      {review.reason ? (
        <div>
          <h3 className="mb-1 text-zinc-500">Reason</h3>
          <p className="whitespace-pre-wrap break-words">{review.reason}</p>
        </div>
      ) : null}
      {canOpenItem ? (
        <Link href={`/review/${review.itemId}`} className="inline-block text-accent-700 hover:underline">
          Open the review item →
        </Link>
      ) : null}
    </div>
  );
}
