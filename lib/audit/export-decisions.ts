import type { AuditFilter } from "../schemas/audit";
import { csvLine } from "./csv";
import { findAuditDecisions, type AuditCursor, type AuditDecision } from "./find-decisions";
import { formatDiff } from "./text-diff";

export type ExportFormat = "csv" | "jsonl";

const COLUMNS = [
  "decided_at",
  "workflow",
  "step",
  "item_id",
  "run_id",
  "stage",
  "audit_sample",
  "sensitive",
  "confidence",
  "action",
  "reason_code",
  "reason",
  "reviewer_name",
  "reviewer_email",
  "field",
  "ai_output",
  "human_output",
  "diff",
  "item_created_at",
  "claimed_at",
  "wait_ms",
  "handling_ms",
  "within_sla",
] as const;

function flat(d: AuditDecision) {
  return {
    decided_at: d.decidedAt.toISOString(),
    workflow: d.workflow,
    step: d.step,
    item_id: d.itemId,
    run_id: d.runId,
    stage: d.stage,
    audit_sample: d.isAudit,
    sensitive: d.sensitive,
    confidence: d.confidence,
    action: d.action,
    reason_code: d.reasonCode,
    reason: d.reason,
    reviewer_name: d.reviewer.name,
    reviewer_email: d.reviewer.email,
    field: d.field,
    ai_output: d.aiOutput,
    human_output: d.humanOutput,
    diff: d.action === "edited" ? formatDiff(d.diff) : null,
    item_created_at: d.itemCreatedAt.toISOString(),
    claimed_at: d.claimedAt?.toISOString() ?? null,
    wait_ms: d.waitMs,
    handling_ms: d.handlingMs,
    within_sla: d.withinSla,
  };
}

/**
 * The export as a stream of lines, read from the database a page at a time (keyset paging), so
 * memory stays flat however many decisions match. JSONL rows also carry the whole AI proposal.
 */
export function exportDecisions(filter: AuditFilter, format: ExportFormat, options: { pageSize?: number } = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: AuditCursor | null = null;
  let started = false;
  let done = false;
  return new ReadableStream<Uint8Array>({
    // Each pull enqueues something or closes the stream: a pull that enqueued nothing would
    // not be called again, and the download would hang.
    async pull(controller) {
      if (!started) {
        started = true;
        if (format === "csv") {
          // A byte-order mark so spreadsheet programs read UTF-8 names and replies correctly.
          controller.enqueue(encoder.encode(`\uFEFF${csvLine([...COLUMNS])}`));
          return;
        }
      }
      for (;;) {
        if (done) {
          controller.close();
          return;
        }
        const page = await findAuditDecisions(filter, { take: options.pageSize ?? 500, cursor });
        cursor = page.next;
        if (!cursor) done = true;
        const text = page.decisions
          .map((d) => (format === "csv" ? csvLine(COLUMNS.map((c) => flat(d)[c])) : `${JSON.stringify({ ...flat(d), proposal: d.proposal })}\n`))
          .join("");
        if (text) {
          controller.enqueue(encoder.encode(text));
          if (done) controller.close();
          return;
        }
      }
    },
  });
}
