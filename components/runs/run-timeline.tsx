import type { Timeline, TimelineAttempt, TimelineStep, TimelineStepStatus } from "@/lib/runs/build-timeline";
import { Badge, type BadgeTone } from "../ui/badge";
import { formatConfidence, formatLatency, formatPercent, humanize } from "../ui/format";

// Steps with more tries than this start folded (their summary still counts them by status), so a
// run that retried twenty times stays as readable as a five-step run.
const OPEN_ATTEMPTS = 6;
// Below this, a wait before the first step is noise; above, it is where the time went.
const QUEUED_WORTH_SAYING_MS = 100;

const kindColours: Record<string, string> = {
  model: "bg-accent-500",
  pipeline: "bg-sky-500",
  handler: "bg-zinc-400",
  gate: "bg-amber-500",
  parallel: "bg-violet-400",
  branch: "bg-zinc-300",
};

const stepStatusTones: Record<TimelineStepStatus, BadgeTone> = {
  completed: "green",
  failed: "red",
  running: "blue",
  waiting_for_review: "amber",
  unfinished: "neutral",
};

const attemptStatusTones: Record<string, BadgeTone> = { ok: "green", error: "red", timeout: "orange", invalid: "violet", duplicate: "neutral" };
const attemptStatusTitles: Record<string, string> = {
  ok: "Succeeded",
  error: "The call failed (an error, a 429 or a 5xx)",
  timeout: "Timed out: the call was aborted",
  invalid: "The answer failed validation (not JSON, the schema or a business rule)",
  duplicate: "Succeeded, but the step was already committed by another try: nothing changed",
};
const attemptSegmentColours: Record<string, string> = { ok: "", error: "bg-red-500", timeout: "bg-orange-500", invalid: "bg-violet-500", duplicate: "bg-zinc-400" };

/**
 * The run's steps as a waterfall: each step's bar is placed and sized on the run's total time
 * (retries, backoff and a reviewer's wait included), its tries drawn inside it, the step that took
 * the most time marked. Each step lists its attempts — model, provider, status, failover, latency,
 * confidence, error. Errors and model names are untrusted: rendered as text only.
 */
export function RunTimelineView({ timeline }: { timeline: Timeline }) {
  const slowest = timeline.steps.find((s) => s.slowest) ?? null;
  return (
    <div>
      <p className="border-b border-zinc-100 px-4 py-2 text-zinc-600">
        {plural(timeline.steps.length, "step")}
        {timeline.childCount > 0 ? ` (+${timeline.childCount} in parallel)` : ""} · {plural(timeline.attemptCount, "attempt")}
        {timeline.failoverCount > 0 ? ` · ${plural(timeline.failoverCount, "failover")}` : ""} · {formatLatency(timeline.totalMs)} in all
        {timeline.queuedMs >= QUEUED_WORTH_SAYING_MS ? ` · ${formatLatency(timeline.queuedMs)} queued before the first step` : ""}
        {slowest ? (
          <>
            {" "}
            · most time in <span className="font-mono text-[13px] text-zinc-900">{slowest.stepId}</span> ({formatLatency(slowest.durationMs)}, {formatPercent(slowest.share)})
          </>
        ) : null}
      </p>
      <div className="relative overflow-x-auto">
        <table className="w-full text-left">
          <caption className="sr-only">Steps of the run in the order they started, with their attempts and the share of the run&apos;s time each took</caption>
          <thead className="border-b border-zinc-200 text-xs text-zinc-500">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Step</th>
              <th scope="col" className="px-2 py-2 text-right font-medium sm:px-4">Attempts</th>
              <th scope="col" className="px-2 py-2 text-right font-medium sm:px-4">Time</th>
              <th scope="col" className="hidden w-2/5 min-w-40 px-4 py-2 font-medium sm:table-cell">Share of the run&apos;s time</th>
            </tr>
          </thead>
          {timeline.steps.map((step) => (
            <tbody key={step.stepId} className="border-b border-zinc-100 last:border-b-0" data-step={step.stepId}>
              <StepRows step={step} totalMs={timeline.totalMs} depth={0} />
            </tbody>
          ))}
        </table>
      </div>
    </div>
  );
}

function StepRows({ step, totalMs, depth }: { step: TimelineStep; totalMs: number; depth: 0 | 1 }) {
  const indent = depth === 0 ? "pl-4" : "pl-7 sm:pl-10";
  return (
    <>
      <tr className={`align-top ${step.slowest ? "bg-amber-50/60" : ""}`}>
        <th scope="row" className={`${indent} py-2 pr-4 text-left font-normal`}>
          <div className="flex flex-wrap items-center gap-1.5">
            {depth > 0 ? <span className="text-zinc-400" aria-hidden="true">↳</span> : null}
            <span className="font-mono text-[13px] text-zinc-900">{step.stepId}</span>
            <span className="text-xs text-zinc-500">{depth > 0 ? `${step.kind}, in parallel` : step.kind}</span>
            {step.status !== "completed" ? <Badge tone={stepStatusTones[step.status]}>{humanize(step.status)}</Badge> : null}
            {step.slowest ? (
              <Badge tone="amber" title="The step that took the most time in this run">
                slowest step
              </Badge>
            ) : null}
          </div>
          {step.model ? <div className="mt-0.5 break-all font-mono text-xs text-zinc-600">{step.model}</div> : null}
          {step.branch ? <BranchLine branch={step.branch} /> : null}
          {step.error ? <p className="mt-1 max-h-32 max-w-2xl overflow-y-auto whitespace-pre-wrap break-words text-xs text-red-700">{step.error}</p> : null}
        </th>
        <td className="whitespace-nowrap px-2 py-2 text-right tabular-nums sm:px-4">
          {step.attempts.length > 0 ? step.attempts.length : "—"}
          {step.failovers > 0 ? <div className="text-xs text-zinc-500">{step.failovers} {step.failovers === 1 ? "failover" : "failovers"}</div> : null}
        </td>
        <td className="whitespace-nowrap px-2 py-2 text-right tabular-nums sm:px-4">
          {formatLatency(step.durationMs)}
          {step.finishedAt === null ? <span className="text-zinc-500"> so far</span> : null}
          <div className="text-xs text-zinc-500">
            {formatPercent(step.share)}
            <span className="hidden sm:inline"> · at +{formatLatency(step.offsetMs)}</span>
          </div>
        </td>
        <td className="hidden px-4 py-2 align-middle sm:table-cell">
          <StepBar step={step} totalMs={totalMs} />
        </td>
      </tr>
      {step.attempts.length > 0 ? (
        <tr>
          <td colSpan={4} className={`${depth === 0 ? "pl-4 sm:pl-8" : "pl-7 sm:pl-14"} pr-4 pb-2`}>
            <Attempts stepId={step.stepId} attempts={step.attempts} />
          </td>
        </tr>
      ) : null}
      {step.children.map((child) => (
        <StepRows key={child.stepId} step={child} totalMs={totalMs} depth={1} />
      ))}
    </>
  );
}

function BranchLine({ branch }: { branch: NonNullable<TimelineStep["branch"]> }) {
  return (
    <p className="mt-0.5 text-xs text-zinc-600">
      <span className="font-mono">{branch.on}</span> = <span className="break-all font-mono text-zinc-900">{branch.value}</span> →{" "}
      <span className="font-mono text-zinc-900">{branch.target}</span>
      <span className="text-zinc-500"> ({branch.matched === "default" || !branch.matched ? "default: no case matched" : `matched ${branch.matched}`})</span>
    </p>
  );
}

function Attempts({ stepId, attempts }: { stepId: string; attempts: TimelineAttempt[] }) {
  const list = (
    <ol aria-label={`Attempts at ${stepId}`} className="space-y-1">
      {attempts.map((attempt, index) => (
        <AttemptItem key={index} attempt={attempt} />
      ))}
    </ol>
  );
  if (attempts.length <= OPEN_ATTEMPTS) return list;
  const tally = Object.entries(attempts.reduce<Record<string, number>>((counts, a) => ({ ...counts, [a.status]: (counts[a.status] ?? 0) + 1 }), {}));
  const failovers = attempts.filter((a) => a.failover).length;
  return (
    <details>
      <summary className="cursor-pointer text-xs text-zinc-600 hover:text-zinc-900">
        Show all {attempts.length} attempts ({tally.map(([status, n]) => `${n} ${status}`).join(", ")}
        {failovers > 0 ? `; ${plural(failovers, "failover")}` : ""})
      </summary>
      <div className="mt-1">{list}</div>
    </details>
  );
}

function AttemptItem({ attempt }: { attempt: TimelineAttempt }) {
  return (
    <li className="rounded-md border border-zinc-100 bg-zinc-50/70 px-2.5 py-1 text-xs">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="shrink-0 tabular-nums text-zinc-500">attempt {attempt.attempt}</span>
        {attempt.failover ? (
          <Badge tone="blue" title="Asked because the model before it failed, within the same attempt">
            ↳ failover
          </Badge>
        ) : null}
        <span className="min-w-0 break-all font-mono text-zinc-800">{attempt.model ?? <span className="text-zinc-400">no model</span>}</span>
        {attempt.provider ? <span className="text-zinc-500">via {attempt.provider}</span> : null}
        <Badge tone={attemptStatusTones[attempt.status] ?? "neutral"} title={attemptStatusTitles[attempt.status]}>
          {attempt.status}
        </Badge>
        <span className="tabular-nums text-zinc-700">{formatLatency(attempt.latencyMs)}</span>
        {attempt.confidence !== null ? <span className="tabular-nums text-zinc-600">confidence {formatConfidence(attempt.confidence)}</span> : null}
      </div>
      {attempt.error ? <p className="mt-1 max-h-24 overflow-y-auto whitespace-pre-wrap break-words text-red-700">{attempt.error}</p> : null}
    </li>
  );
}

function plural(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : `${noun}s`}`;
}

/** The step's span on the run's time axis, with each try drawn inside it (failed ones in their status colour). */
function StepBar({ step, totalMs }: { step: TimelineStep; totalMs: number }) {
  const left = clampPercent((step.offsetMs / totalMs) * 100, 99.5);
  const width = Math.min(Math.max((step.durationMs / totalMs) * 100, 0.5), 100 - left);
  // A failed step's span is pale so its failed tries (drawn inside) stand out from the waits between them.
  const base = step.status === "failed" ? "bg-red-200" : step.slowest ? "bg-amber-500" : (kindColours[step.kind] ?? "bg-zinc-400");
  const start = step.startedAt.getTime();
  return (
    <div className={`relative h-2.5 rounded-full bg-zinc-100 ${step.slowest ? "ring-1 ring-amber-300" : ""}`} aria-hidden="true">
      <div className={`absolute inset-y-0 overflow-hidden rounded-full ${base} ${step.finishedAt === null ? "opacity-70" : ""}`} style={{ left: `${left}%`, width: `${width}%` }}>
        {step.durationMs > 0
          ? step.attempts
              .filter((a) => attemptSegmentColours[a.status])
              .map((a, index) => (
                <div
                  key={index}
                  className={`absolute inset-y-0 ${attemptSegmentColours[a.status]}`}
                  style={{
                    left: `${clampPercent(((a.startedAt.getTime() - start) / step.durationMs) * 100, 99)}%`,
                    width: `${Math.max((a.latencyMs / step.durationMs) * 100, 1)}%`,
                  }}
                />
              ))
          : null}
      </div>
    </div>
  );
}

function clampPercent(value: number, max: number): number {
  return Math.min(Math.max(value, 0), max);
}
