import { db, Prisma } from "../db";
import type { ReviewAction } from "../engine/types";
import type { AuditFilter } from "../schemas/audit";
import { diffWords, formatDiff, type DiffPart } from "./text-diff";

export interface AuditDecision {
  decisionId: string;
  itemId: string;
  runId: string;
  workflow: string;
  step: string;
  stage: "first_review" | "second_review" | "tie_break";
  isAudit: boolean;
  sensitive: boolean;
  confidence: number;
  action: ReviewAction;
  reason: string | null;
  reasonCode: string | null;
  reviewer: { id: string; name: string; email: string };
  /** The field a reviewer edits, as the AI proposed it and as the human left it (null when rejected). */
  field: string;
  aiOutput: string | null;
  humanOutput: string | null;
  diff: DiffPart[];
  /** The whole AI proposal, unchanged. */
  proposal: unknown;
  itemCreatedAt: Date;
  claimedAt: Date | null;
  decidedAt: Date;
  slaDueAt: Date;
  /** Item created → this decision. */
  waitMs: number;
  /** This reviewer's claim → their decision. */
  handlingMs: number | null;
  withinSla: boolean;
}

export interface AuditCursor {
  decidedAt: Date;
  itemId: string;
}

interface Row {
  decision_id: string;
  item_id: string;
  run_id: string;
  workflow_name: string;
  step_id: string;
  stage: AuditDecision["stage"];
  is_audit: boolean;
  sensitive: boolean;
  confidence: number;
  action: ReviewAction;
  reason: string | null;
  reason_code: string | null;
  reviewer_id: string;
  reviewer_name: string;
  reviewer_email: string;
  proposal: unknown;
  context: unknown;
  edited_output: unknown;
  item_created_at: Date;
  item_decided_at: Date;
  sla_due_at: Date;
  decided_at: Date;
  claimed_at: Date | null;
}

/**
 * One page of decisions, newest decided items first. Items are paged by their final decision
 * time (the decided_at index) with a keyset cursor, so page 1 000 costs what page 1 does; each
 * item brings all its decisions (two or three for four-eyes items).
 */
export async function findAuditDecisions(filter: AuditFilter, options: { take?: number; cursor?: AuditCursor | null } = {}): Promise<{ decisions: AuditDecision[]; next: AuditCursor | null }> {
  const take = Math.min(500, Math.max(1, options.take ?? 50));
  const conditions: Prisma.Sql[] = [Prisma.sql`i.status = 'decided'`];
  if (filter.workflow) conditions.push(Prisma.sql`i.workflow_name = ${filter.workflow}`);
  if (filter.step) conditions.push(Prisma.sql`i.step_id = ${filter.step}`);
  if (filter.from) conditions.push(Prisma.sql`i.decided_at >= ${filter.from}`);
  if (filter.to) {
    // A date without a time ("to 26 Nov") includes that whole day.
    const isDateOnly = filter.to.getUTCHours() === 0 && filter.to.getUTCMinutes() === 0 && filter.to.getUTCSeconds() === 0 && filter.to.getUTCMilliseconds() === 0;
    conditions.push(isDateOnly ? Prisma.sql`i.decided_at < ${new Date(filter.to.getTime() + 86_400_000)}` : Prisma.sql`i.decided_at <= ${filter.to}`);
  }
  if (filter.audit === "only") conditions.push(Prisma.sql`i.is_audit`);
  if (filter.audit === "exclude") conditions.push(Prisma.sql`NOT i.is_audit`);
  if (filter.reviewer) conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM review_decisions x WHERE x.item_id = i.id AND x.reviewer_id = ${filter.reviewer}::uuid)`);
  if (filter.action) conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM review_decisions x WHERE x.item_id = i.id AND x.action = ${filter.action}::decision_action)`);
  if (options.cursor) conditions.push(Prisma.sql`(i.decided_at, i.id) < (${options.cursor.decidedAt}, ${options.cursor.itemId}::uuid)`);
  const decisionConditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filter.reviewer) decisionConditions.push(Prisma.sql`d.reviewer_id = ${filter.reviewer}::uuid`);
  if (filter.action) decisionConditions.push(Prisma.sql`d.action = ${filter.action}::decision_action`);

  const rows = await db.$queryRaw<Row[]>`
    WITH page AS (
      SELECT i.id, i.decided_at FROM review_items i
      WHERE ${Prisma.join(conditions, " AND ")}
      ORDER BY i.decided_at DESC, i.id DESC
      LIMIT ${take}
    )
    SELECT d.id AS decision_id, i.id AS item_id, i.run_id, i.workflow_name, i.step_id, d.stage, i.is_audit, i.sensitive, i.confidence,
           d.action, d.reason, d.reason_code, u.id AS reviewer_id, u.name AS reviewer_name, u.email AS reviewer_email,
           i.proposal, i.context, d.edited_output, i.created_at AS item_created_at, i.decided_at AS item_decided_at, i.sla_due_at,
           d.created_at AS decided_at, claim.at AS claimed_at
    FROM page p
    JOIN review_items i ON i.id = p.id
    JOIN review_decisions d ON d.item_id = i.id
    JOIN users u ON u.id = d.reviewer_id
    LEFT JOIN LATERAL (
      SELECT max(e.at) AS at FROM review_events e
      WHERE e.item_id = i.id AND e.type = 'claimed' AND e.actor_id = d.reviewer_id AND e.at <= d.created_at
    ) claim ON true
    WHERE ${Prisma.join(decisionConditions, " AND ")}
    ORDER BY p.decided_at DESC, p.id DESC, d.created_at ASC`;

  const decisions = rows.map(toDecision);
  // The cursor is the last item of the page, if the page was full.
  const itemIds = new Set(rows.map((r) => r.item_id));
  const last = rows[rows.length - 1];
  return { decisions, next: itemIds.size === take && last ? { decidedAt: last.item_decided_at, itemId: last.item_id } : null };
}

function toDecision(row: Row): AuditDecision {
  const context = asRecord(row.context);
  const editable = Array.isArray(context.editableFields) ? context.editableFields.filter((f): f is string => typeof f === "string") : [];
  const field = editable[0] ?? "reply";
  const aiText = asText(asRecord(row.proposal)[field]);
  const humanText = row.action === "rejected" ? null : row.action === "edited" ? asText(asRecord(row.edited_output)[field]) : aiText;
  return {
    decisionId: row.decision_id,
    itemId: row.item_id,
    runId: row.run_id,
    workflow: row.workflow_name,
    step: row.step_id,
    stage: row.stage,
    isAudit: row.is_audit,
    sensitive: row.sensitive,
    confidence: Number(row.confidence),
    action: row.action,
    reason: row.reason,
    reasonCode: row.reason_code,
    reviewer: { id: row.reviewer_id, name: row.reviewer_name, email: row.reviewer_email },
    field,
    aiOutput: aiText,
    humanOutput: humanText,
    diff: row.action === "edited" ? diffWords(aiText ?? "", humanText ?? "") : [],
    proposal: row.proposal,
    itemCreatedAt: row.item_created_at,
    claimedAt: row.claimed_at,
    decidedAt: row.decided_at,
    slaDueAt: row.sla_due_at,
    waitMs: row.decided_at.getTime() - row.item_created_at.getTime(),
    handlingMs: row.claimed_at ? row.decided_at.getTime() - row.claimed_at.getTime() : null,
    withinSla: row.decided_at.getTime() <= row.sla_due_at.getTime(),
  };
}

export { formatDiff };

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function asText(value: unknown): string | null {
  return typeof value === "string" ? value : value === undefined || value === null ? null : JSON.stringify(value);
}
