import type { Metadata } from "next";
import Link from "next/link";
import { RunStatusFilter } from "@/components/runs/run-status-filter";
import { RunsTable } from "@/components/runs/runs-table";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { buttonStyles } from "@/components/ui/button-styles";
import { humanize } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Panel } from "@/components/ui/panel";
import { requirePageAccess } from "@/lib/auth/current-user";
import { findRuns, isRunStatus, runStatuses } from "@/lib/runs/find-runs";

export const metadata: Metadata = { title: "Runs" };

export default async function RunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageAccess("runs:view", "/runs");
  const params = await searchParams;
  const status = isRunStatus(params.status) ? params.status : undefined;
  const cursor = typeof params.cursor === "string" ? params.cursor : null;
  const page = await findRuns({ status, cursor, take: 50 });
  const filterQuery = status ? `status=${status}&` : "";

  return (
    <>
      {cursor ? null : <AutoRefresh intervalMs={5_000} />}
      <PageHeader title="Runs" description="Every workflow run, newest first." />
      <div className="mb-3">
        <RunStatusFilter statuses={runStatuses} current={status ?? null} />
      </div>
      <Panel bodyClassName="">
        {page.runs.length > 0 ? (
          <RunsTable runs={page.runs} now={new Date()} />
        ) : (
          <EmptyState>{status ? `No ${humanize(status)} runs.` : "No runs yet. Submit one with POST /api/v1/workflows/{name}/runs."}</EmptyState>
        )}
      </Panel>
      {cursor || page.nextCursor ? (
        <div className="mt-3 flex justify-between gap-2">
          {cursor ? (
            <Link href={`/runs${status ? `?status=${status}` : ""}`} className={buttonStyles.secondary}>
              Newest runs
            </Link>
          ) : (
            <span />
          )}
          {page.nextCursor ? (
            <Link href={`/runs?${filterQuery}cursor=${page.nextCursor}`} className={buttonStyles.secondary}>
              Older runs
            </Link>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
