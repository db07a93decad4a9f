import { formatConfidence, humanize } from "../ui/format";
import { Badge } from "../ui/badge";
import { DecisionBadge, RouteBadge } from "../ui/status-badges";

const KNOWN_KEYS = new Set(["reply", "intent", "confidence", "route", "decision", "handedOff"]);

function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/**
 * A run's output. Fields every reviewed workflow shares (reply, intent, confidence, route,
 * decision) get their own place; anything else is listed as it is. Text only: it is model output.
 */
export function RunOutput({ output }: { output: unknown }) {
  const record = asRecord(output);
  if (!record) return <pre className="whitespace-pre-wrap break-words font-mono text-xs">{JSON.stringify(output, null, 2)}</pre>;
  const decision = asRecord(record.decision);
  const others = Object.entries(record).filter(([key]) => !KNOWN_KEYS.has(key));

  return (
    <div className="space-y-4">
      {typeof record.reply === "string" ? (
        <div>
          <h3 className="mb-1 text-xs font-medium uppercase tracking-wide text-zinc-500">Final reply</h3>
          <p className="whitespace-pre-wrap break-words rounded-md bg-zinc-50 p-3 leading-relaxed">{record.reply}</p>
        </div>
      ) : null}
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 sm:grid-cols-4">
        {typeof record.intent === "string" ? <Item label="Intent" value={<span className="break-words font-mono text-[13px]">{record.intent}</span>} /> : null}
        {typeof record.confidence === "number" ? <Item label="Confidence" value={<span className="tabular-nums">{formatConfidence(record.confidence)}</span>} /> : null}
        {typeof record.route === "string" ? <Item label="Route" value={<RouteBadge route={record.route} />} /> : null}
        {"decision" in record ? (
          <Item
            label="Decision"
            value={
              decision && typeof decision.action === "string" ? (
                <span className="flex flex-wrap items-center gap-1">
                  <DecisionBadge decision={decision.action} />
                  {record.handedOff === true ? <Badge tone="amber">handed off</Badge> : null}
                </span>
              ) : (
                <span className="text-zinc-500">none (automatic)</span>
              )
            }
          />
        ) : null}
      </dl>
      {decision && typeof decision.reason === "string" ? (
        <div>
          <h3 className="mb-1 text-zinc-500">Reason for rejection</h3>
          <p className="whitespace-pre-wrap break-words">{decision.reason}</p>
        </div>
      ) : null}
      {others.length > 0 ? (
        <dl className="space-y-2">
          {others.map(([key, value]) => (
            <Item key={key} label={humanize(key)} value={<span className="whitespace-pre-wrap break-words font-mono text-xs">{typeof value === "string" ? value : JSON.stringify(value, null, 2)}</span>} />
          ))}
        </dl>
      ) : null}
    </div>
  );
}

function Item({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="mt-0.5">{value}</dd>
    </div>
  );
}
