import type { DiffPart } from "@/lib/audit/text-diff";

/** What a reviewer changed, word by word. Everything is rendered as text. */
export function TextDiffView({ parts }: { parts: DiffPart[] }) {
  return (
    <p className="whitespace-pre-wrap break-words">
      {parts.map((part, i) =>
        part.op === "same" ? (
          <span key={i}>{part.text}</span>
        ) : part.op === "removed" ? (
          <del key={i} className="rounded-sm bg-red-50 text-red-700 decoration-red-400">{part.text}</del>
        ) : (
          <ins key={i} className="rounded-sm bg-emerald-50 text-emerald-800 no-underline">{part.text}</ins>
        ),
      )}
    </p>
  );
}
