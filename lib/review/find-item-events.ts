import "server-only";
import { db } from "../db";
import { isUuid } from "../text/is-uuid";

/** One audit-trail entry, summarised for people: what changed, before → after. */
export interface ItemEventSummary {
  id: string;
  type: string;
  actor: { id: string; name: string } | null;
  at: Date;
  /** Short lines such as "holder: Riley Reviewer → nobody"; model and reviewer text is excerpted. */
  details: string[];
}

interface EventRow {
  id: bigint;
  item_id: string;
  type: string;
  actor_id: string | null;
  actor_name: string | null;
  data: unknown;
  at: Date;
}

const TEXT_EXCERPT = 80;

/**
 * The newest `perItem` events of each item, newest first, in one round trip (served by the
 * (item_id, at) index). People named in an event's before/after (holder, assignee) are resolved to
 * names with one more query.
 */
export async function findRecentItemEvents(itemIds: string[], perItem = 8): Promise<Map<string, ItemEventSummary[]>> {
  const byItem = new Map<string, ItemEventSummary[]>();
  if (itemIds.length === 0) return byItem;
  const rows = await db.$queryRaw<EventRow[]>`
    SELECT e.id, e.item_id, e.type, e.actor_id, u.name AS actor_name, e.data, e.at
    FROM unnest(${itemIds}::uuid[]) AS wanted(item_id)
    CROSS JOIN LATERAL (
      SELECT * FROM review_events WHERE item_id = wanted.item_id ORDER BY at DESC, id DESC LIMIT ${perItem}
    ) AS e
    LEFT JOIN users AS u ON u.id = e.actor_id
    ORDER BY e.item_id, e.at DESC, e.id DESC`;

  const names = await namesOf(rows.flatMap((row) => peopleIn(row.data)));
  for (const row of rows) {
    const list = byItem.get(row.item_id) ?? [];
    list.push({
      id: row.id.toString(),
      type: row.type,
      actor: row.actor_id ? { id: row.actor_id, name: row.actor_name ?? "a deleted user" } : null,
      at: row.at,
      details: describe(row.type, asRecord(row.data), names),
    });
    byItem.set(row.item_id, list);
  }
  return byItem;
}

async function namesOf(ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } });
  return new Map(users.map((user) => [user.id, user.name]));
}

function peopleIn(data: unknown): string[] {
  const record = asRecord(data);
  return [asRecord(record.before), asRecord(record.after)].flatMap((side) =>
    [side.holder, side.assignee].filter(isUuid),
  );
}

/** Turns the event's stored data (see record-event.ts callers) into a few readable lines. */
function describe(type: string, data: Record<string, unknown>, names: Map<string, string>): string[] {
  const before = asRecord(data.before);
  const after = asRecord(data.after);
  const person = (id: unknown) => (typeof id === "string" ? (names.get(id) ?? "an unknown user") : "nobody");
  const lines: string[] = [];
  switch (type) {
    case "created":
      lines.push(`${text(data.priority)} priority, ${text(data.tier)} tier${data.reason ? ` (${text(data.reason)})` : ""}`);
      lines.push(...fields("AI output", asRecord(data.proposal)));
      break;
    case "claimed":
      if (typeof data.leaseSeconds === "number") lines.push(`lease of ${data.leaseSeconds} s`);
      break;
    case "released":
      if (data.reason) lines.push(text(data.reason));
      if ("holder" in before || "holder" in after) lines.push(`holder: ${person(before.holder)} → ${person(after.holder)}`);
      break;
    case "assigned":
      lines.push(`assignee: ${person(before.assignee)} → ${person(after.assignee)}`);
      if (typeof before.holder === "string") lines.push(`claim of ${person(before.holder)} released`);
      break;
    case "decided":
      lines.push(`${text(data.action)} in ${text(data.stage).replaceAll("_", " ")}${data.outcome && data.outcome !== "final" ? `, goes to ${text(data.outcome).replaceAll("_", " ")}` : ""}`);
      if (data.reason) lines.push(`reason: ${excerpt(text(data.reason))}`);
      lines.push(...changedFields(before, data.after === null ? null : after));
      break;
    case "escalated":
      lines.push(`level ${text(data.level)}`);
      if (before.priority !== after.priority) lines.push(`priority: ${text(before.priority)} → ${text(after.priority)}`);
      if (before.tier !== after.tier) lines.push(`tier: ${text(before.tier)} → ${text(after.tier)}`);
      break;
    case "at_risk":
      lines.push("close to its SLA deadline");
      break;
    case "second_review":
      lines.push("waits for a second, independent reviewer");
      break;
    case "tie_break":
      lines.push("the reviewers disagree: waits for a supervisor's tie-break");
      break;
    case "resumed":
      lines.push("the run resumed");
      break;
  }
  return lines;
}

/** The AI output's text fields, excerpted: "reply: "Thank you for…"". */
function fields(label: string, output: Record<string, unknown>): string[] {
  const entries = Object.entries(output).filter(([, value]) => typeof value === "string");
  return entries.length === 0 ? [] : [`${label}: ${entries.map(([key, value]) => `${key} "${excerpt(value as string)}"`).join(", ")}`];
}

/** What a decision changed: each edited text field as before → after; a rejection drops the output. */
function changedFields(before: Record<string, unknown>, after: Record<string, unknown> | null): string[] {
  if (after === null) return ["output: not used (rejected)"];
  return Object.keys({ ...before, ...after })
    .filter((key) => typeof after[key] === "string" && after[key] !== before[key])
    .map((key) => `${key}: "${excerpt(text(before[key]))}" → "${excerpt(text(after[key]))}"`);
}

function text(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function excerpt(value: string): string {
  const flat = value.replace(/\s+/g, " ").trim();
  return flat.length > TEXT_EXCERPT ? `${flat.slice(0, TEXT_EXCERPT - 1)}…` : flat;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
