import Link from "next/link";
import type { ReviewItemDetail } from "@/lib/review/get-review-item";

/** The confirmation after a decision: what the reviewer did, and what happens next. */
export function DecidedBanner({ item, reviewerId, showRunLink }: { item: ReviewItemDetail; reviewerId: string; showRunLink: boolean }) {
  const mine = item.decisions.findLast((d) => d.reviewer.id === reviewerId);
  if (!mine) return null;
  let message: React.ReactNode;
  if (item.status === "decided" && item.decision) {
    message = (
      <>
        Decision recorded: <strong className="font-semibold">{item.decision.action}</strong>. The run resumes with it.
      </>
    );
  } else if (item.stage === "tie_break") {
    message = (
      <>
        Your decision (<strong className="font-semibold">{mine.action}</strong>) differs from the first review: a supervisor will settle it.
      </>
    );
  } else {
    message = (
      <>
        Your decision (<strong className="font-semibold">{mine.action}</strong>) is recorded. This item needs a second, independent review before the run resumes.
      </>
    );
  }
  return (
    <div role="status" className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-2.5 text-emerald-900">
      <span>{message}</span>
      {showRunLink ? (
        <Link href={`/runs/${item.runId}`} className="font-medium text-emerald-800 underline underline-offset-2 hover:text-emerald-950">
          View the run
        </Link>
      ) : null}
    </div>
  );
}
