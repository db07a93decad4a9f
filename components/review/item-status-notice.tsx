import Link from "next/link";
import type { ReviewItemDetail } from "@/lib/review/get-review-item";
import { formatDateTime, formatRelative, humanize } from "../ui/format";
import { DecisionBadge } from "../ui/status-badges";
import { Fields } from "../ui/panel";

const queueLink = (
  <Link href="/queue" className="font-medium text-accent-700 underline underline-offset-2">
    Review next item
  </Link>
);

/** What a reviewer who does not hold the item sees instead of the decision form. */
export function ItemStatusNotice({ item, currentUserId, now }: { item: ReviewItemDetail; currentUserId: string; now: Date }) {
  if (item.decision) {
    const finalText = item.decision.finalOutput?.[item.editableField];
    return (
      <div className="space-y-3">
        <p className="text-zinc-600">This item has been decided.</p>
        <Fields
          items={[
            { label: "Decision", value: <DecisionBadge decision={item.decision.action} /> },
            { label: "Reviewer", value: item.decision.decidedBy?.name ?? "—" },
            { label: "Decided", value: item.decision.decidedAt ? formatDateTime(item.decision.decidedAt) : "—" },
          ]}
        />
        {item.decision.reason ? (
          <div>
            <h3 className="mb-1 text-zinc-500">Reason</h3>
            <p className="whitespace-pre-wrap break-words">{item.decision.reason}</p>
          </div>
        ) : null}
        {typeof finalText === "string" ? (
          <div>
            <h3 className="mb-1 text-zinc-500">Final {humanize(item.editableField)}</h3>
            <p className="whitespace-pre-wrap break-words rounded-md bg-zinc-50 p-3 leading-relaxed">{finalText}</p>
          </div>
        ) : null}
      </div>
    );
  }

  const next = item.stage === "tie_break" ? "a supervisor's tie-break" : "a second, independent reviewer";
  const mine = item.decisions.find((d) => d.reviewer.id === currentUserId);
  if (mine) {
    return (
      <p className="text-zinc-700">
        You decided this item ({mine.action}, {humanize(mine.stage)}). It now waits for {next}.
      </p>
    );
  }
  const leaseValid = item.status === "claimed" && item.leaseExpiresAt !== null && item.leaseExpiresAt > now;
  if (leaseValid && item.claimedBy) {
    const yours = item.claimedBy.id === currentUserId;
    return (
      <p className="text-zinc-700">
        {yours ? "You hold this item" : `${item.claimedBy.name} is reviewing this item`}; the claim ends {formatRelative(item.leaseExpiresAt!, now)}.
      </p>
    );
  }
  if (item.status === "claimed" && item.claimedBy?.id === currentUserId) {
    return <p className="text-zinc-700">Your claim on this item expired. Take it again with {queueLink} on the queue.</p>;
  }
  if (item.assignedTo && item.assignedTo.id !== currentUserId) {
    return <p className="text-zinc-700">This item is reserved for {item.assignedTo.name}.</p>;
  }
  return (
    <p className="text-zinc-700">
      This item is waiting {item.stage === "first_review" ? "in the queue" : `for ${next}`}. Reviewers take items in order with {queueLink}.
    </p>
  );
}
