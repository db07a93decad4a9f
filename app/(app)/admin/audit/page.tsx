import type { Metadata } from "next";
import Link from "next/link";
import { TextDiffView } from "@/components/audit/text-diff-view";
import { Badge } from "@/components/ui/badge";
import { buttonStyles, inputStyles } from "@/components/ui/button-styles";
import { formatConfidence, formatDateTime, formatDuration, humanize } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState, Panel } from "@/components/ui/panel";
import { DecisionBadge } from "@/components/ui/status-badges";
import { findAuditDecisions, type AuditCursor } from "@/lib/audit/find-decisions";
import { requirePageAccess } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { auditFilterSchema, type AuditFilter } from "@/lib/schemas/audit";
import { workflowRegistry } from "@/lib/workflows";

export const metadata: Metadata = { title: "Audit" };

type Params = Record<string, string | string[] | undefined>;

function readCursor(value: string | string[] | undefined): AuditCursor | null {
  if (typeof value !== "string") return null;
  const [at, itemId] = value.split("_");
  const decidedAt = new Date(at ?? "");
  return itemId && !Number.isNaN(decidedAt.getTime()) && /^[0-9a-f-]{36}$/i.test(itemId) ? { decidedAt, itemId } : null;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Params> }) {
  await requirePageAccess("audit:view", "/admin/audit");
  const params = await searchParams;
  const single = Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === "string"));
  const parsed = auditFilterSchema.safeParse(single);
  const filter: AuditFilter = parsed.success ? parsed.data : {};
  const cursor = readCursor(params.cursor);
  const [page, reviewers] = await Promise.all([
    findAuditDecisions(filter, { take: 50, cursor }),
    // The filter's reviewer list: people who have decided something.
    db.user.findMany({ where: { decisions: { some: {} } }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  const workflows = [...new Set(workflowRegistry.list().map((d) => d.name))].sort();
  const filterQuery = new URLSearchParams(Object.entries(single).filter(([k]) => k !== "cursor" && k !== "format"));
  const exportHref = (format: string) => `/admin/audit/export?${new URLSearchParams([...filterQuery.entries(), ["format", format]])}`;

  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every reviewer decision with the AI's original output, the human's, what changed, and how long it took."
        actions={
          <>
            <a href={exportHref("csv")} className={buttonStyles.secondary} download>Export CSV</a>
            <a href={exportHref("jsonl")} className={buttonStyles.secondary} download>Export JSONL</a>
          </>
        }
      />
      <form method="get" action="/admin/audit" className="mb-4 grid gap-3 sm:grid-cols-3 lg:grid-cols-7">
        <Select name="workflow" label="Workflow" value={filter.workflow} options={workflows.map((w) => ({ value: w, label: w }))} />
        <div className="space-y-1">
          <label htmlFor="audit-step" className="block font-medium text-zinc-800">Step</label>
          <input id="audit-step" name="step" defaultValue={filter.step ?? ""} placeholder="any" className={inputStyles} />
        </div>
        <Select name="reviewer" label="Reviewer" value={filter.reviewer} options={reviewers.map((r) => ({ value: r.id, label: r.name }))} />
        <Select name="action" label="Decision" value={filter.action} options={["approved", "edited", "rejected"].map((a) => ({ value: a, label: a }))} />
        <Select name="audit" label="Audit samples" value={filter.audit} options={[{ value: "only", label: "only" }, { value: "exclude", label: "left out" }]} anyLabel="included" />
        <div className="space-y-1">
          <label htmlFor="audit-from" className="block font-medium text-zinc-800">From</label>
          <input id="audit-from" name="from" type="date" defaultValue={single.from ?? ""} className={inputStyles} />
        </div>
        <div className="space-y-1">
          <label htmlFor="audit-to" className="block font-medium text-zinc-800">To</label>
          <input id="audit-to" name="to" type="date" defaultValue={single.to ?? ""} className={inputStyles} />
        </div>
        <div className="flex items-end gap-2 sm:col-span-3 lg:col-span-7">
          <button type="submit" className={buttonStyles.primary}>Filter</button>
          <Link href="/admin/audit" className={buttonStyles.ghost}>Clear</Link>
          {!parsed.success ? <p role="alert" className="text-red-700">{parsed.error.issues[0]?.message}: showing everything.</p> : null}
        </div>
      </form>

      <Panel bodyClassName="">
        {page.decisions.length === 0 ? (
          <EmptyState>No decisions match.</EmptyState>
        ) : (
          <div className="relative overflow-x-auto">
            <table className="w-full text-left">
              <caption className="sr-only">Decisions, newest first</caption>
              <thead className="border-b border-zinc-200 text-xs text-zinc-500">
                <tr>
                  <th scope="col" className="px-4 py-2 font-medium">Decided</th>
                  <th scope="col" className="px-4 py-2 font-medium">Workflow · step</th>
                  <th scope="col" className="px-4 py-2 font-medium">Reviewer</th>
                  <th scope="col" className="px-4 py-2 font-medium">Decision</th>
                  <th scope="col" className="w-1/3 px-4 py-2 font-medium">AI output → human output</th>
                  <th scope="col" className="px-4 py-2 font-medium">Timings</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {page.decisions.map((d) => (
                  <tr key={d.decisionId} className="align-top">
                    <td className="whitespace-nowrap px-4 py-2 text-zinc-700">{formatDateTime(d.decidedAt)}</td>
                    <td className="px-4 py-2">
                      <div>{d.workflow}</div>
                      <div className="font-mono text-xs text-zinc-500">{d.step}</div>
                      <div className="mt-1 flex flex-wrap gap-1">
                        {d.isAudit ? <Badge tone="violet">audit sample</Badge> : null}
                        {d.stage !== "first_review" ? <Badge>{humanize(d.stage)}</Badge> : null}
                        <Badge title="Model confidence">{formatConfidence(d.confidence)}</Badge>
                      </div>
                    </td>
                    <td className="px-4 py-2">{d.reviewer.name}</td>
                    <td className="px-4 py-2">
                      <DecisionBadge decision={d.action} />
                      {d.reasonCode ? <div className="mt-1 font-mono text-xs text-zinc-600">{d.reasonCode}</div> : null}
                      {d.reason ? <p className="mt-1 max-w-xs whitespace-pre-wrap break-words text-zinc-700">{d.reason}</p> : null}
                    </td>
                    <td className="px-4 py-2 text-zinc-800">
                      <div className="max-h-48 overflow-y-auto pr-1">
                      {d.action === "edited" ? (
                        <TextDiffView parts={d.diff} />
                      ) : (
                        <p className={`whitespace-pre-wrap break-words ${d.action === "rejected" ? "text-zinc-500 line-through" : ""}`}>{d.aiOutput ?? "—"}</p>
                      )}
                      </div>
                    </td>
                    <td className="whitespace-nowrap px-4 py-2 text-xs text-zinc-600">
                      <div>waited {formatDuration(d.waitMs)}</div>
                      <div>handled {d.handlingMs === null ? "—" : formatDuration(d.handlingMs)}</div>
                      <div className={d.withinSla ? "" : "font-medium text-red-700"}>{d.withinSla ? "within SLA" : "past SLA"}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
      {page.next ? (
        <div className="mt-3 flex justify-end">
          <Link
            href={`/admin/audit?${new URLSearchParams([...filterQuery.entries(), ["cursor", `${page.next.decidedAt.toISOString()}_${page.next.itemId}`]])}`}
            className={buttonStyles.secondary}
          >
            Older decisions
          </Link>
        </div>
      ) : null}
    </>
  );
}

function Select({ name, label, value, options, anyLabel = "any" }: { name: string; label: string; value: string | undefined; options: { value: string; label: string }[]; anyLabel?: string }) {
  return (
    <div className="space-y-1">
      <label htmlFor={`audit-${name}`} className="block font-medium text-zinc-800">{label}</label>
      <select id={`audit-${name}`} name={name} defaultValue={value ?? ""} className={inputStyles}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </div>
  );
}
