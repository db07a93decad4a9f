export function StatCard({
  label,
  value,
  detail,
  tone = "neutral",
}: {
  label: string;
  value: React.ReactNode;
  detail?: React.ReactNode;
  tone?: "neutral" | "warning" | "danger";
}) {
  const valueColour = tone === "danger" ? "text-red-700" : tone === "warning" ? "text-amber-700" : "text-zinc-900";
  return (
    <div className="rounded-lg border border-zinc-200 bg-white p-4 shadow-xs">
      <dt className="text-[13px] text-zinc-500">{label}</dt>
      <dd className={`mt-1 text-2xl font-semibold tabular-nums tracking-tight ${valueColour}`}>{value}</dd>
      {detail ? <dd className="mt-1 text-xs text-zinc-500">{detail}</dd> : null}
    </div>
  );
}
