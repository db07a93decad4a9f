import { humanize } from "../ui/format";

/** The AI output under review, field by field. Model output is untrusted: text only. */
export function ProposalView({
  proposal,
  editableField,
  omitEditable = false,
}: {
  proposal: Record<string, unknown>;
  editableField: string;
  /** When the decision form shows the editable field in its editor, do not print it twice. */
  omitEditable?: boolean;
}) {
  const entries = Object.entries(proposal).filter(([key]) => !(omitEditable && key === editableField));
  // The editable field (the reply) is the long one: put it last, after short fields like the intent.
  entries.sort(([a], [b]) => Number(a === editableField) - Number(b === editableField));
  return (
    <div className="space-y-3">
      <dl className="space-y-3">
        {entries.map(([key, value]) => (
          <div key={key}>
            <dt className="mb-1 text-xs font-medium uppercase tracking-wide text-zinc-500">Proposed {humanize(key)}</dt>
            <dd className={key === editableField ? "whitespace-pre-wrap break-words leading-relaxed text-zinc-900" : "whitespace-pre-wrap break-words font-mono text-[13px] text-zinc-900"}>
              {typeof value === "string" ? value : JSON.stringify(value, null, 2)}
            </dd>
          </div>
        ))}
      </dl>
      {omitEditable ? <p className="text-zinc-500">The proposed {humanize(editableField)} is in the editor below.</p> : null}
    </div>
  );
}
