import type { ReviewItemDecision } from "@/lib/review/get-review-item";
import { formatDateTime, humanize } from "../ui/format";
import { DecisionBadge } from "../ui/status-badges";

/** Each reviewer's decision on a four-eyes item, oldest first. Reviewer text is shown as text only. */
export function DecisionHistory({ decisions }: { decisions: ReviewItemDecision[] }) {
  return (
    <ol className="space-y-3">
      {decisions.map((decision) => (
        <li key={`${decision.reviewer.id}-${decision.stage}`} className="rounded-md border border-zinc-200 p-3">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <span className="text-xs font-medium uppercase tracking-wide text-zinc-500">{humanize(decision.stage)}</span>
            <DecisionBadge decision={decision.action} />
            <span className="font-medium">{decision.reviewer.name}</span>
            <span className="text-zinc-500">{formatDateTime(decision.createdAt)}</span>
          </div>
          {decision.reason ? <p className="mt-2 whitespace-pre-wrap break-words">Reason: {decision.reason}</p> : null}
          {decision.editedText ? <p className="mt-2 whitespace-pre-wrap break-words rounded-md bg-zinc-50 p-2 leading-relaxed">{decision.editedText}</p> : null}
        </li>
      ))}
    </ol>
  );
}
