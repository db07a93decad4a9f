import { formatCount, formatPercent } from "../ui/format";

const PARTS = [
  { key: "approved", label: "Approved", colour: "bg-emerald-500" },
  { key: "edited", label: "Edited", colour: "bg-sky-500" },
  { key: "rejected", label: "Rejected", colour: "bg-red-500" },
] as const;

/** Approve / edit / reject shares as one bar; the numbers are written out beside it. */
export function DecisionShares({ approved, edited, rejected }: { approved: number; edited: number; rejected: number }) {
  const total = approved + edited + rejected;
  const counts = { approved, edited, rejected };
  if (total === 0) return <p className="text-zinc-500">No decisions in this window.</p>;
  return (
    <div>
      <div className="flex h-3 overflow-hidden rounded-full bg-zinc-100" aria-hidden="true">
        {PARTS.map((p) => (counts[p.key] > 0 ? <div key={p.key} className={p.colour} style={{ width: `${(counts[p.key] / total) * 100}%` }} /> : null))}
      </div>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-[13px]">
        {PARTS.map((p) => (
          <li key={p.key} className="flex items-center gap-1.5">
            <span className={`inline-block size-2.5 rounded-sm ${p.colour}`} aria-hidden="true" />
            {p.label} <span className="font-medium tabular-nums">{formatPercent(counts[p.key] / total)}</span>
            <span className="text-zinc-500 tabular-nums">({formatCount(counts[p.key])})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
