import type { ReviewItemDetail } from "@/lib/review/get-review-item";
import { formatConfidence, formatPercent } from "../ui/format";
import { Badge } from "../ui/badge";

/** Why the gate stopped: the model's confidence, its runner-up answers, the evidence it used. */
export function ModelEvidence({ item }: { item: ReviewItemDetail }) {
  const { alternatives, articleTitle, sensitiveReasons } = item.context;
  return (
    <div className="space-y-4">
      <div>
        <div className="flex items-baseline justify-between">
          <span className="text-zinc-500">Confidence</span>
          <span className="text-base font-semibold tabular-nums">{formatConfidence(item.confidence)}</span>
        </div>
        <div className="mt-1.5 h-1.5 rounded-full bg-zinc-100" aria-hidden="true">
          <div className="h-full rounded-full bg-accent-500" style={{ width: `${Math.round(item.confidence * 100)}%` }} />
        </div>
      </div>

      {alternatives.length > 0 ? (
        <div>
          <h3 className="mb-1.5 text-zinc-500">Alternatives</h3>
          <ol className="space-y-1">
            {alternatives.map((alternative) => (
              <li key={alternative.intent} className="flex items-baseline justify-between gap-3">
                <span className="min-w-0 break-words font-mono text-[13px]">{alternative.intent}</span>
                <span className="tabular-nums text-zinc-600">{formatPercent(alternative.probability)}</span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}

      {articleTitle ? (
        <div>
          <h3 className="mb-1 text-zinc-500">Retrieved article</h3>
          <p className="break-words">{articleTitle}</p>
        </div>
      ) : null}

      {item.sensitive || sensitiveReasons.length > 0 ? (
        <div>
          <h3 className="mb-1.5 text-zinc-500">Sensitive</h3>
          {sensitiveReasons.length > 0 ? (
            <ul className="flex flex-wrap gap-1">
              {sensitiveReasons.map((reason) => (
                <li key={reason}>
                  <Badge tone="red">{reason}</Badge>
                </li>
              ))}
            </ul>
          ) : (
            <Badge tone="red">sensitive</Badge>
          )}
        </div>
      ) : null}
    </div>
  );
}
