import type { Metadata } from "next";
import { DashboardFilters } from "@/components/dashboard/dashboard-filters";
import { DecisionShares } from "@/components/dashboard/decision-shares";
import { QueueByPriority } from "@/components/dashboard/queue-by-priority";
import { ReviewerTable } from "@/components/dashboard/reviewer-table";
import { StatCard } from "@/components/dashboard/stat-card";
import { TrendChart } from "@/components/dashboard/trend-chart";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { formatCount, formatDuration, formatLatency, formatPercent, formatTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { TierBadge } from "@/components/ui/status-badges";
import { requirePageAccess } from "@/lib/auth/current-user";
import { dashboardWindows, parseDashboardWindow } from "@/lib/dashboard/dashboard-window";
import { getDashboardOverview } from "@/lib/dashboard/get-dashboard-overview";
import { workflowRegistry } from "@/lib/workflows";

export const metadata: Metadata = { title: "Dashboard" };

const NONE = "—";
const REFRESH_MS = 3_000;

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageAccess("dashboard:view", "/dashboard");
  const params = await searchParams;
  const window = parseDashboardWindow(params.window);
  const workflowNames = [...new Set(workflowRegistry.list().map((d) => d.name))].sort();
  const workflow = typeof params.workflow === "string" && workflowNames.includes(params.workflow) ? params.workflow : null;
  const overview = await getDashboardOverview({ window, workflow, workflowNames });
  const { queue, runs, escalation, decisions, decidedInWindow: decided, series } = overview;
  const now = overview.generatedAt;
  const windowLabel = dashboardWindows[window].label.toLowerCase();
  const chartData = series.map((p) => ({ ...p }));

  return (
    <>
      <AutoRefresh intervalMs={REFRESH_MS} />
      <PageHeader
        title={workflow ? `Dashboard · ${workflow}` : "Dashboard"}
        description={<>Updated {formatTime(now)} · refreshes every {REFRESH_MS / 1000} seconds</>}
        actions={
          <DashboardFilters
            windows={Object.entries(dashboardWindows).map(([key, w]) => ({ key, label: w.label }))}
            current={window}
            workflows={workflowNames}
            workflow={workflow}
          />
        }
      />

      <h2 className="mb-2 text-[13px] font-semibold text-zinc-800">Review queue now</h2>
      <dl className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-5">
        <StatCard
          label="Waiting items"
          value={formatCount(queue.waiting)}
          detail={`${formatCount(queue.claimed)} being reviewed · ${formatCount(queue.secondReview)} in second review · ${formatCount(queue.tieBreak)} tie-breaks · ${formatCount(queue.audit)} audit samples`}
        />
        <StatCard
          label="Waiting time"
          value={queue.age.p50Ms === null ? NONE : formatDuration(queue.age.p50Ms)}
          detail={
            queue.age.p50Ms === null
              ? "median age of waiting items"
              : `median · p90 ${formatDuration(queue.age.p90Ms ?? 0)} · oldest ${formatDuration(queue.age.maxMs ?? 0)}`
          }
        />
        <StatCard
          label="Past SLA"
          value={formatCount(queue.breached)}
          tone={queue.breached > 0 ? "danger" : "neutral"}
          detail={`undecided after their deadline · ${formatCount(queue.escalated)} escalated`}
        />
        <StatCard label="At risk" value={formatCount(queue.atRisk)} tone={queue.atRisk > 0 ? "warning" : "neutral"} detail="close to their deadline" />
        <StatCard
          label={`Decisions, ${windowLabel}`}
          value={formatCount(decisions.total)}
          detail={`${formatCount(decisions.approved)} approved · ${formatCount(decisions.edited)} edited · ${formatCount(decisions.rejected)} rejected`}
        />
      </dl>

      <Panel title="Waiting per priority" bodyClassName="" className="mb-4">
        <QueueByPriority rows={queue.byPriority} now={now} />
      </Panel>
      <div className="mb-6 grid gap-4 md:grid-cols-2">
        <Panel title="Waiting per tier" bodyClassName="">
          <SmallTable
            caption="Waiting items per reviewer tier"
            head="Tier"
            rows={queue.byTier.map((t) => ({ key: t.tier, label: <TierBadge tier={t.tier} showStandard />, ...t }))}
          />
        </Panel>
        <Panel title="Waiting per workflow" bodyClassName="">
          <SmallTable caption="Waiting items per workflow" head="Workflow" rows={queue.byWorkflow.map((w) => ({ key: w.workflow, label: w.workflow, ...w }))} />
        </Panel>
      </div>

      <h2 className="mb-2 text-[13px] font-semibold text-zinc-800">Workflows, {windowLabel}</h2>
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
          detail={`median ${runs.medianLatencyMs === null ? NONE : formatLatency(runs.medianLatencyMs)} · p95 ${runs.p95LatencyMs === null ? NONE : formatLatency(runs.p95LatencyMs)}`}
        />
        <StatCard
          label="Human escalation rate"
          value={escalation.rate === null ? NONE : formatPercent(escalation.rate)}
          detail={`${formatCount(escalation.escalated)} of ${formatCount(escalation.submitted)} runs submitted went to a reviewer`}
        />
      </dl>
      <div className="mb-6 grid gap-4 lg:grid-cols-3">
        <TrendChart title="Workflow completion rate" data={chartData} series={[{ key: "completionRate", label: "Completed", colour: "#059669" }]} unit="ratio" bucketSeconds={overview.bucketSeconds} />
        <TrendChart title="Average workflow latency" data={chartData} series={[{ key: "avgLatencyMs", label: "Average latency", colour: "#6366f1" }]} unit="ms" bucketSeconds={overview.bucketSeconds} />
        <TrendChart title="Human escalation rate" data={chartData} series={[{ key: "escalationRate", label: "Escalated", colour: "#d97706" }]} unit="ratio" bucketSeconds={overview.bucketSeconds} />
      </div>

      <h2 className="mb-2 text-[13px] font-semibold text-zinc-800">Reviews, {windowLabel}</h2>
      <dl className="mb-4 grid gap-3 md:grid-cols-4">
        <StatCard label="Items decided" value={formatCount(decided.total)} />
        <StatCard
          label="Decided within SLA"
          value={decided.total > 0 ? formatPercent(decided.withinSla / decided.total) : NONE}
          tone={decided.total > 0 && decided.withinSla < decided.total ? "warning" : "neutral"}
          detail={`${formatCount(decided.withinSla)} of ${formatCount(decided.total)}`}
        />
        <StatCard label="Median time to decision" value={decided.medianTimeToDecisionMs === null ? NONE : formatDuration(decided.medianTimeToDecisionMs)} detail="item created → decided" />
        <StatCard label="Median handling time" value={decided.medianHandlingMs === null ? NONE : formatDuration(decided.medianHandlingMs)} detail="claimed → decided" />
      </dl>
      <div className="mb-4 grid gap-4 lg:grid-cols-3">
        <TrendChart title="SLA attainment" data={chartData} series={[{ key: "slaAttainment", label: "Decided within SLA", colour: "#0284c7" }]} unit="ratio" bucketSeconds={overview.bucketSeconds} />
        <Panel title="Approve / edit / reject" className="lg:col-span-2">
          <DecisionShares approved={decisions.approved} edited={decisions.edited} rejected={decisions.rejected} />
        </Panel>
      </div>
      <Panel title="Decisions per reviewer" bodyClassName="">
        <ReviewerTable rows={decisions.byReviewer} />
      </Panel>
    </>
  );
}

function SmallTable({ caption, head, rows }: { caption: string; head: string; rows: { key: string; label: React.ReactNode; waiting: number; atRisk: number; breached: number }[] }) {
  if (rows.length === 0) return <p className="px-4 py-6 text-center text-zinc-500">Nothing waiting.</p>;
  return (
    <table className="w-full text-left">
      <caption className="sr-only">{caption}</caption>
      <thead className="border-b border-zinc-200 text-xs text-zinc-500">
        <tr>
          <th scope="col" className="px-4 py-2 font-medium">{head}</th>
          <th scope="col" className="px-4 py-2 text-right font-medium">Waiting</th>
          <th scope="col" className="px-4 py-2 text-right font-medium">At risk</th>
          <th scope="col" className="px-4 py-2 text-right font-medium">Past SLA</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100 tabular-nums">
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row" className="px-4 py-2 font-normal">{row.label}</th>
            <td className="px-4 py-2 text-right font-medium">{formatCount(row.waiting)}</td>
            <td className={`px-4 py-2 text-right ${row.atRisk > 0 ? "font-medium text-amber-700" : ""}`}>{formatCount(row.atRisk)}</td>
            <td className={`px-4 py-2 text-right ${row.breached > 0 ? "font-medium text-red-700" : ""}`}>{formatCount(row.breached)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
