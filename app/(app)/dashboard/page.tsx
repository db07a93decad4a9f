import type { Metadata } from "next";
import { QueueByPriority } from "@/components/dashboard/queue-by-priority";
import { StatCard } from "@/components/dashboard/stat-card";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { formatCount, formatDuration, formatLatency, formatPercent, formatTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { requirePageAccess } from "@/lib/auth/current-user";
import { getDashboardOverview } from "@/lib/dashboard/get-dashboard-overview";

export const metadata: Metadata = { title: "Dashboard" };

const NONE = "—";

export default async function DashboardPage() {
  await requirePageAccess("dashboard:view", "/dashboard");
  const overview = await getDashboardOverview();
  const { queue, runs, escalation, decisionsLastHour: decisions, decidedInWindow: decided } = overview;
  const now = overview.generatedAt;

  return (
    <>
      <AutoRefresh intervalMs={5_000} />
      <PageHeader title="Dashboard" description={<>Updated {formatTime(now)} · refreshes every 5 seconds</>} />

      <h2 className="mb-2 text-[13px] font-semibold text-zinc-800">Review queue now</h2>
      <dl className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-5">
        <StatCard
          label="Waiting items"
          value={formatCount(queue.waiting)}
          detail={`${formatCount(queue.byPriority.reduce((n, p) => n + p.claimed, 0))} being reviewed · ${formatCount(queue.secondReview)} in second review · ${formatCount(queue.tieBreak)} tie-breaks`}
        />
        <StatCard label="Oldest waiting" value={queue.oldestCreatedAt ? formatDuration(now.getTime() - queue.oldestCreatedAt.getTime()) : NONE} />
        <StatCard
          label="Past SLA"
          value={formatCount(queue.breached)}
          tone={queue.breached > 0 ? "danger" : "neutral"}
          detail={`undecided after their deadline · ${formatCount(queue.escalated)} escalated`}
        />
        <StatCard label="At risk" value={formatCount(queue.atRisk)} tone={queue.atRisk > 0 ? "warning" : "neutral"} detail="close to their deadline" />
        <StatCard
          label="Decisions in the last hour"
          value={formatCount(decisions.total)}
          detail={`${formatCount(decisions.approved)} approved · ${formatCount(decisions.edited)} edited · ${formatCount(decisions.rejected)} rejected`}
        />
      </dl>

      <Panel title="Waiting per priority" bodyClassName="" className="mb-6">
        <QueueByPriority rows={queue.byPriority} now={now} />
      </Panel>

      <h2 className="mb-2 text-[13px] font-semibold text-zinc-800">Workflows, last {overview.windowHours} hours</h2>
      <dl className="mb-4 grid gap-3 md:grid-cols-3">
        <StatCard
          label="Workflow completion rate"
          value={runs.completionRate === null ? NONE : formatPercent(runs.completionRate)}
          tone={runs.completionRate !== null && runs.completionRate < 0.95 ? "warning" : "neutral"}
          detail={`${formatCount(runs.completed)} completed · ${formatCount(runs.failed)} failed · ${formatCount(runs.submitted)} submitted`}
        />
        <StatCard
          label="Average workflow latency"
          value={runs.avgLatencyMs === null ? NONE : formatLatency(runs.avgLatencyMs)}
          detail={
            <>
              median {runs.medianLatencyMs === null ? NONE : formatLatency(runs.medianLatencyMs)} · p95 {runs.p95LatencyMs === null ? NONE : formatLatency(runs.p95LatencyMs)}
              <br />
              median automatic {runs.medianLatencyAutoMs === null ? NONE : formatLatency(runs.medianLatencyAutoMs)} · reviewed{" "}
              {runs.medianLatencyReviewedMs === null ? NONE : formatLatency(runs.medianLatencyReviewedMs)}
            </>
          }
        />
        <StatCard
          label="Human escalation rate"
          value={escalation.rate === null ? NONE : formatPercent(escalation.rate)}
          detail={`${formatCount(escalation.escalated)} of ${formatCount(escalation.reachedGate)} runs that reached a gate went to a reviewer`}
        />
      </dl>
      <h2 className="mb-2 mt-6 text-[13px] font-semibold text-zinc-800">Reviews, last {overview.windowHours} hours</h2>
      <dl className="grid gap-3 md:grid-cols-3">
        <StatCard label="Items decided" value={formatCount(decided.total)} />
        <StatCard
          label="Decided within SLA"
          value={decided.total > 0 ? formatPercent(decided.withinSla / decided.total) : NONE}
          tone={decided.total > 0 && decided.withinSla < decided.total ? "warning" : "neutral"}
          detail={`${formatCount(decided.withinSla)} of ${formatCount(decided.total)}`}
        />
        <StatCard label="Median time to decision" value={decided.medianTimeToDecisionMs === null ? NONE : formatDuration(decided.medianTimeToDecisionMs)} />
      </dl>
    </>
  );
}
