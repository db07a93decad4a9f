import { formatConfidence, formatLatency, formatTime } from "../ui/format";
import type { ReviewItemStep } from "@/lib/review/get-review-item";
import { Badge } from "../ui/badge";

/** A committed step as the review page shows it (the read model's shape, plus an optional error). */
export type TimelineStepView = ReviewItemStep & { error?: string | null };

const barColours: Record<string, string> = {
  model: "bg-accent-500",
  pipeline: "bg-sky-500",
  handler: "bg-zinc-400",
  gate: "bg-amber-500",
};

/**
 * Committed steps as a table with a waterfall bar: where each step started and how long it took
 * within the run, so the step that took the time (often the human at the gate) stands out.
 */
export function StepTimeline({ steps, origin, showStarted = true }: { steps: TimelineStepView[]; origin: Date; showStarted?: boolean }) {
  const start = Math.min(origin.getTime(), ...steps.map((s) => s.startedAt.getTime()));
  const end = Math.max(start + 1, ...steps.map((s) => s.startedAt.getTime() + s.latencyMs));
  const span = end - start;

  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-left">
        <caption className="sr-only">Steps of the run, in the order they started</caption>
        <thead className="border-b border-zinc-200 text-xs text-zinc-500">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">Step</th>
            <th scope="col" className="px-4 py-2 font-medium">Kind</th>
            <th scope="col" className="px-4 py-2 font-medium">Model</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Attempts</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Latency</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Confidence</th>
            {showStarted ? <th scope="col" className="px-4 py-2 font-medium">Started</th> : null}
            <th scope="col" className="w-1/4 min-w-32 px-4 py-2 font-medium">
              <span className="sr-only">Share of the run&apos;s time</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {steps.map((step) => {
            const left = ((step.startedAt.getTime() - start) / span) * 100;
            const width = Math.max((step.latencyMs / span) * 100, 0.75);
            return (
              <tr key={step.stepId} className="align-top">
                <td className="px-4 py-2">
                  <div className="font-mono text-[13px] text-zinc-900">{step.stepId}</div>
                  {step.status === "failed" ? (
                    <div className="mt-1 space-y-1">
                      <Badge tone="red">failed</Badge>
                      {step.error ? <p className="max-w-md whitespace-pre-wrap break-words text-xs text-red-700">{step.error}</p> : null}
                    </div>
                  ) : null}
                </td>
                <td className="px-4 py-2 text-zinc-700">{step.kind}</td>
                <td className="px-4 py-2 font-mono text-xs text-zinc-600">{step.model ?? "—"}</td>
                <td className="px-4 py-2 text-right tabular-nums">{step.attempts}</td>
                <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums">{formatLatency(step.latencyMs)}</td>
                <td className="px-4 py-2 text-right tabular-nums">{step.confidence === null ? "—" : formatConfidence(step.confidence)}</td>
                {showStarted ? <td className="whitespace-nowrap px-4 py-2 tabular-nums text-zinc-600">{formatTime(step.startedAt)}</td> : null}
                <td className="px-4 py-2 align-middle">
                  <div className="relative h-2 rounded-full bg-zinc-100" aria-hidden="true">
                    <div
                      className={`absolute inset-y-0 rounded-full ${step.status === "failed" ? "bg-red-500" : (barColours[step.kind] ?? "bg-zinc-400")}`}
                      style={{ left: `${Math.min(left, 99.25)}%`, width: `${Math.min(width, 100 - Math.min(left, 99.25))}%` }}
                    />
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
