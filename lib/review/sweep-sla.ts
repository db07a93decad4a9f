import { db, Prisma } from "../db";
import { logger } from "../logger";
import { enqueueEscalationWebhook } from "../queues/producers";
import { ESCALATION_LADDER, type Priority } from "./escalation-ladder";

export interface SlaSweepResult {
  atRisk: number;
  escalated: { itemId: string; level: number }[];
}

interface EscalatedRow {
  id: string;
  workflow_name: string;
  old_priority: Priority;
  new_priority: Priority;
  old_tier: string;
  new_tier: string;
  sla_due_at: Date;
  claimed_by_id: string | null;
}

/**
 * The SLA watch, run every second by the maintenance worker (and with a fixed `now` by tests):
 * marks items at risk, breaches items past their deadline and walks the escalation ladder. Each
 * change is a conditional UPDATE, so concurrent sweeps apply every step exactly once.
 */
export async function sweepSla(now = new Date()): Promise<SlaSweepResult> {
  const atRisk = await db.$queryRaw<{ id: string }[]>`
    WITH marked AS (
      UPDATE review_items SET marked_at_risk_at = ${now}
      WHERE status <> 'decided' AND marked_at_risk_at IS NULL AND at_risk_at <= ${now}
      RETURNING id, sla_due_at
    ), logged AS (
      INSERT INTO review_events (item_id, type, data, at)
      SELECT id, 'at_risk', jsonb_build_object('slaDueAt', sla_due_at), ${now} FROM marked
    )
    SELECT id FROM marked`;

  const escalated: SlaSweepResult["escalated"] = [];
  for (const step of ESCALATION_LADDER) {
    const rows = await escalate(step.level, step.afterOverdueShare, step.raisePriority, step.moveToSenior, now);
    if (rows.length === 0) continue;
    await notify(rows, step.level, step.notifyRoles, now);
    escalated.push(...rows.map((row) => ({ itemId: row.id, level: step.level })));
  }
  if (escalated.length > 0) logger.info({ escalated: escalated.length, atRisk: atRisk.length }, "SLA sweep escalated items");
  return { atRisk: atRisk.length, escalated };
}

async function escalate(level: number, afterOverdueShare: number, raisePriority: boolean, moveToSenior: boolean, now: Date): Promise<EscalatedRow[]> {
  // Level 1 is the breach itself (served by the breach index); later levels look only at breached items.
  // Audit samples are labels for calibration, not customer work waiting: they never escalate.
  const due = Prisma.sql`sla_due_at + make_interval(secs => sla_minutes * 60 * ${afterOverdueShare}::float8) <= ${now}`;
  const candidates =
    level === 1
      ? Prisma.sql`status <> 'decided' AND breached_at IS NULL AND sla_due_at <= ${now} AND NOT is_audit`
      : Prisma.sql`status <> 'decided' AND breached_at IS NOT NULL AND escalation_level = ${level - 1} AND ${due} AND NOT is_audit`;
  return db.$queryRaw<EscalatedRow[]>`
    WITH due AS (
      SELECT id, priority, tier FROM review_items WHERE ${candidates} FOR UPDATE SKIP LOCKED
    ), changed AS (
      UPDATE review_items AS item SET
        escalation_level = ${level},
        breached_at = COALESCE(item.breached_at, ${now}),
        priority = CASE WHEN ${raisePriority} THEN (CASE item.priority WHEN 'low' THEN 'normal' WHEN 'normal' THEN 'high' ELSE 'urgent' END)::review_priority ELSE item.priority END,
        tier = CASE WHEN ${moveToSenior} AND item.tier = 'standard' THEN 'senior'::review_tier ELSE item.tier END
      FROM due WHERE item.id = due.id
      RETURNING item.id, item.workflow_name, due.priority AS old_priority, item.priority AS new_priority,
                due.tier::text AS old_tier, item.tier::text AS new_tier, item.sla_due_at, item.claimed_by_id
    ), logged AS (
      INSERT INTO review_events (item_id, type, data, at)
      SELECT id, 'escalated', jsonb_build_object('level', ${level}::int,
        'before', jsonb_build_object('priority', old_priority, 'tier', old_tier),
        'after', jsonb_build_object('priority', new_priority, 'tier', new_tier)), ${now}
      FROM changed
    )
    SELECT * FROM changed`;
}

async function notify(rows: EscalatedRow[], level: number, roles: string[], now: Date): Promise<void> {
  const title = level === 1 ? "Review item breached its SLA" : `Review item escalated (level ${level})`;
  await db.notification.createMany({
    data: rows.flatMap((row) =>
      roles.map((role) => ({
        role: role as "supervisor" | "admin",
        type: level === 1 ? "sla_breached" : "escalated",
        title,
        body: `A ${row.workflow_name} item due ${row.sla_due_at.toISOString()} is now ${row.new_priority} priority for ${row.new_tier} reviewers.`,
        itemId: row.id,
        createdAt: now,
      })),
    ),
  });
  for (const row of rows) {
    // The webhook is optional and best effort here: its queue retries with backoff.
    await enqueueEscalationWebhook({
      event: "review_item.escalated",
      key: `${row.id}.escalated.${level}`,
      payload: { itemId: row.id, workflow: row.workflow_name, level, priority: row.new_priority, tier: row.new_tier, slaDueAt: row.sla_due_at.toISOString() },
    }).catch((error) => logger.warn({ err: error, itemId: row.id }, "could not enqueue escalation webhook"));
  }
}
