import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RunOutput } from "@/components/runs/run-output";
import { RunReviewSummary } from "@/components/runs/run-review-summary";
import { RunTimelineView } from "@/components/runs/run-timeline";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { formatDateTime, formatLatency, humanize } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Fields, Panel } from "@/components/ui/panel";
import { RunStatusBadge } from "@/components/ui/status-badges";
import { requirePageAccess } from "@/lib/auth/current-user";
import { can, reviewTiersFor } from "@/lib/auth/permissions";
import { UserFacingError } from "@/lib/errors";
import { getRunTimeline, type RunTimeline } from "@/lib/runs/get-run-timeline";
import { runMessage } from "@/lib/runs/run-message";
import { workflowRegistry } from "@/lib/workflows";

export const metadata: Metadata = { title: "Run" };

const FINISHED = new Set(["completed", "failed"]);

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageAccess("runs:view", `/runs/${encodeURIComponent(id)}`);
  const run = await loadRun(id);
  const finished = FINISHED.has(run.status);
  const message = runMessage(run.input);

  return (
    <>
      {finished ? null : <AutoRefresh intervalMs={2_000} />}
      <div className="mb-2 text-xs text-zinc-500">
        <Link href="/runs" className="hover:text-zinc-800 hover:underline">
          Runs
        </Link>{" "}
        / <span className="font-mono">{run.id.slice(0, 8)}</span>
      </div>
      <PageHeader
        title={`Run of ${run.workflowName}`}
        description={
          <span className="flex flex-wrap items-center gap-1.5">
            <span className="sr-only">Status:</span>
            <RunStatusBadge status={run.status} />
            {!finished && run.currentStepId ? <span>· at step {humanize(run.currentStepId)}</span> : null}
          </span>
        }
      />

      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          {run.error ? (
            <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-red-800">
              <h2 className="font-semibold">The run failed</h2>
              <p className="mt-1 whitespace-pre-wrap break-words">{run.error}</p>
            </div>
          ) : null}

          <Panel title="Input">
            {message !== null ? <p className="whitespace-pre-wrap break-words leading-relaxed">{message}</p> : null}
            <details className={message !== null ? "mt-3" : ""} open={message === null}>
              <summary className="cursor-pointer text-xs text-zinc-500">Raw input</summary>
              <pre className="mt-2 overflow-x-auto whitespace-pre-wrap break-words rounded-md bg-zinc-50 p-3 font-mono text-xs">{JSON.stringify(run.input, null, 2)}</pre>
            </details>
          </Panel>

          <Panel title={run.status === "failed" && run.output !== null ? "Output of the error handler" : "Output"}>
            {run.status === "completed" || (run.status === "failed" && run.output !== null) ? (
              <RunOutput output={run.output} />
            ) : (
              <p className="text-zinc-500">{run.status === "failed" ? "No output: the run failed." : "No output yet: the run has not finished."}</p>
            )}
          </Panel>
        </div>

        <div className="space-y-4">
          <Panel title="Run">
            <Fields
              columns={1}
              items={[
                { label: "ID", value: <span className="break-all font-mono text-xs">{run.id}</span> },
                { label: "Workflow", value: `${run.workflowName} v${run.workflowVersion}` },
                { label: "Created", value: formatDateTime(run.createdAt) },
                { label: "Finished", value: run.completedAt ? formatDateTime(run.completedAt) : "—" },
                { label: "Latency", value: run.completedAt ? formatLatency(run.completedAt.getTime() - run.createdAt.getTime()) : "—" },
              ]}
            />
          </Panel>
          {run.review ? (
            <Panel title="Human review">
              <RunReviewSummary review={run.review} canOpenItem={reviewTiersFor(user.role).includes(run.review.tier) && can(user.role, "reviews:work")} />
            </Panel>
          ) : null}
        </div>
      </div>

      <Panel title="Timeline" className="mt-4" bodyClassName="">
        {run.timeline.steps.length > 0 ? (
          <RunTimelineView timeline={run.timeline} />
        ) : (
          <EmptyState>No step has finished yet.</EmptyState>
        )}
        {run.attemptsTruncated ? (
          <p className="border-t border-zinc-100 px-4 py-2 text-zinc-600">This run recorded more attempts than the page shows: the oldest are listed.</p>
        ) : null}
        {!finished && run.currentStepId ? (
          <p className="border-t border-zinc-100 px-4 py-2 text-zinc-600">
            {run.status === "waiting_for_review" ? "Waiting for a reviewer at " : "Now at "}
            <span className="font-mono text-[13px]">{run.currentStepId}</span>
          </p>
        ) : null}
      </Panel>
    </>
  );
}

async function loadRun(id: string): Promise<RunTimeline> {
  try {
    return await getRunTimeline(id, { registry: workflowRegistry });
  } catch (error) {
    if (error instanceof UserFacingError && error.status === 404) notFound();
    throw error;
  }
}
