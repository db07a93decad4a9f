import { sqlQuery } from "../db";
import { conflict, notFound } from "../errors";
import type { GateOutput, ReviewAction } from "../engine/types";
import { resumeRun } from "../engine/resume-run";
import type { DecisionInput } from "../schemas/review";
import { isUuid } from "../text/is-uuid";

type Stage = "first_review" | "second_review" | "tie_break";

interface ItemState {
  id: string;
  run_id: string;
  step_id: string;
  status: "pending" | "claimed" | "decided";
  stage: Stage;
  is_audit: boolean;
  required_approvals: number;
  claimed_by_id: string | null;
  lease_expires_at: Date | null;
  created_at: Date;
  confidence: number;
  proposal: Record<string, unknown>;
  context: { editableFields?: string[] };
  decisions: StoredDecision[];
}

interface StoredDecision {
  reviewerId: string;
  action: ReviewAction;
  stage: Stage;
  reason: string | null;
  editedOutput: unknown;
}

export interface RecordedDecision {
  itemId: string;
  runId: string;
  /** false when this exact decision had already been recorded: nothing changed. */
  recorded: boolean;
  /** What happens next: the run resumes, or the item waits for a second review or a tie-break. */
  outcome: "final" | "second_review" | "tie_break";
}

/**
 * Stores a reviewer's decision once. Most items need one decision; sensitive items need two
 * independent ones (four eyes) and go to a supervisor's tie-break when the two disagree. The final
 * decision, the gate's result and the run's state commit in one statement; the resume job is
 * enqueued after it, and the reconciler resumes the run if that enqueue is lost.
 *
 * This is on every reviewer's every click, so it is two prepared statements and no explicit
 * transaction: read the item with its earlier decisions, decide here what happens, then write it
 * all with a guard — the item must still be claimed by this reviewer, in the same stage, with a live
 * lease. Any change in between (a release, an expired lease, another decision) fails the guard and
 * the decision is worked out again from the new state, which then refuses it with the right reason.
 */
export async function recordDecision(input: { itemId: string; reviewerId: string; decision: DecisionInput }): Promise<RecordedDecision> {
  const { itemId, reviewerId } = input;
  if (!isUuid(itemId)) throw notFound("Review item");
  for (let attempt = 1; ; attempt++) {
    const [item] = await sqlQuery<ItemState>("baton_read_review_item", READ_ITEM, [itemId]);
    if (!item) throw notFound("Review item");
    const plan = planDecision(item, reviewerId, input.decision);
    const summary = { itemId, runId: item.run_id, outcome: plan.outcome };
    if (plan.kind === "repeat") return { ...summary, recorded: false };
    if (await writeDecision(item, plan)) {
      // An audit sample's run never waited: its decision is a label for calibration, nothing resumes.
      if (plan.outcome === "final" && !item.is_audit) await resumeRun({ runId: item.run_id, stepId: item.step_id, itemId });
      return { ...summary, recorded: true };
    }
    if (attempt === 3) throw conflict("This item kept changing while your decision was saved: open it again", "concurrent_change");
  }
}

type Plan =
  | { kind: "repeat"; outcome: RecordedDecision["outcome"] }
  | { kind: "write"; outcome: RecordedDecision["outcome"]; reviewerId: string; decision: DecisionInput; output: Record<string, unknown> | null };

/** What this decision does to the item as read, or the reason it is refused. */
function planDecision(item: ItemState, reviewerId: string, decision: DecisionInput): Plan {
  const earlier = item.decisions;
  const mine = earlier.find((d) => d.reviewerId === reviewerId);
  if (mine) {
    // A repeated submit (double click, retry) is a no-op; anything else from the same person is refused.
    if (sameDecision(mine, decision, item)) return { kind: "repeat", outcome: outcomeOf(item) };
    throw conflict(item.status === "decided" ? "This item has already been decided" : "You have already decided this item", "already_decided");
  }
  if (item.status === "decided") throw conflict("This item has already been decided", "already_decided");
  if (item.status !== "claimed" || item.claimed_by_id !== reviewerId) {
    throw conflict("You do not hold this item: open it from the queue first", "not_claimed");
  }
  if (!item.lease_expires_at || item.lease_expires_at.getTime() <= Date.now()) {
    throw conflict("Your claim on this item expired: open it from the queue again", "lease_expired");
  }
  const output = outputFor(item, decision, earlier);
  const mineNow: StoredDecision = { reviewerId, action: decision.action, stage: item.stage, reason: reasonOf(decision), editedOutput: output };
  return { kind: "write", outcome: nextStage(item, mineNow, earlier), reviewerId, decision, output };
}

/** Writes the planned decision if the item is still as read; false if it changed meanwhile. */
async function writeDecision(item: ItemState, plan: Extract<Plan, { kind: "write" }>): Promise<boolean> {
  const { decision, output, outcome } = plan;
  const reasonCode = decision.action === "approved" ? null : (decision.reasonCode ?? null);
  const decidedAt = new Date();
  const recorded = [
    item.id,
    plan.reviewerId,
    item.stage,
    decision.action,
    decision.action === "edited" ? JSON.stringify(output) : null,
    reasonOf(decision),
    reasonCode,
    decidedAt,
    JSON.stringify({ stage: item.stage, action: decision.action, before: item.proposal, after: output, reason: reasonOf(decision), reasonCode, outcome }),
  ];
  try {
    if (outcome !== "final") {
      const [row] = await sqlQuery<{ written: boolean }>("baton_decide_and_hand_on", DECIDE_AND_HAND_ON, [...recorded, outcome]);
      return Boolean(row?.written);
    }
    const final = finalDecision(item, decision.action, reasonOf(decision), item.decisions);
    const gateOutput: GateOutput = {
      route: "review",
      confidence: item.confidence,
      reviewItemId: item.id,
      decision: { action: final.action, reviewerId: plan.reviewerId, reason: final.reason },
      output,
    };
    const [row] = await sqlQuery<{ written: boolean }>("baton_decide_and_finalize", DECIDE_AND_FINALIZE, [
      ...recorded,
      final.action,
      output === null ? null : JSON.stringify(output),
      item.is_audit,
      item.run_id,
      item.step_id,
      JSON.stringify(gateOutput),
      item.confidence,
      item.created_at,
    ]);
    return Boolean(row?.written);
  } catch (error) {
    // The same reviewer's decision landed first (a double submit racing itself): read again.
    if ((error as { code?: string }).code === "23505") return false;
    throw error;
  }
}


/** The proposal as this decision leaves it: the AI output, the edit, or nothing (rejected). */
function outputFor(item: ItemState, decision: DecisionInput, earlier: StoredDecision[]): Record<string, unknown> | null {
  if (decision.action === "rejected") return null;
  if (decision.action === "edited") {
    const field = item.context.editableFields?.[0] ?? "reply";
    return { ...item.proposal, [field]: decision.editedText };
  }
  // Approving in a second review approves what the first reviewer left (their edit, if any).
  const first = earlier.find((d) => d.stage === "first_review");
  if (item.stage === "second_review" && first?.action === "edited") return first.editedOutput as Record<string, unknown>;
  return item.proposal;
}

/**
 * Four eyes: a second decision agrees when it approves the first reviewer's approval or edit, or
 * rejects a rejection. Anything else is a disagreement for a supervisor to settle.
 */
function nextStage(item: ItemState, mine: StoredDecision, earlier: StoredDecision[]): RecordedDecision["outcome"] {
  if (item.stage === "tie_break" || item.required_approvals < 2) return "final";
  if (item.stage === "first_review") return "second_review";
  const first = earlier.find((d) => d.stage === "first_review");
  const agrees = first && ((mine.action === "approved" && first.action !== "rejected") || (mine.action === "rejected" && first.action === "rejected"));
  return agrees ? "final" : "tie_break";
}

/** An agreed second review keeps the first reviewer's kind of decision (an approved edit stays "edited"). */
function finalDecision(item: ItemState, action: ReviewAction, reason: string | null, earlier: StoredDecision[]): { action: ReviewAction; reason: string | null } {
  const first = earlier.find((d) => d.stage === "first_review");
  const finalAction: ReviewAction = item.stage === "second_review" && first && action === "approved" ? first.action : action;
  const finalReason = finalAction === "rejected" ? [first?.reason, reason].filter(Boolean).join(" / ") || reason : null;
  return { action: finalAction, reason: finalReason };
}

function reasonOf(decision: DecisionInput): string | null {
  return decision.action === "rejected" ? decision.reason : null;
}

function outcomeOf(item: ItemState): RecordedDecision["outcome"] {
  if (item.status === "decided") return "final";
  return item.stage === "tie_break" ? "tie_break" : item.stage === "second_review" ? "second_review" : "final";
}

function sameDecision(previous: StoredDecision, decision: DecisionInput, item: ItemState): boolean {
  if (previous.action !== decision.action) return false;
  if (decision.action === "rejected") return previous.reason === decision.reason;
  if (decision.action === "edited") {
    const field = item.context.editableFields?.[0] ?? "reply";
    return (previous.editedOutput as Record<string, unknown> | null)?.[field] === decision.editedText;
  }
  return true;
}

// ── Statements ──────────────────────────────────────────────────────────────────────────────────

/** The item with its earlier decisions (oldest first). */
const READ_ITEM = `
  SELECT i.id::text, i.run_id::text, i.step_id, i.status::text, i.stage::text, i.is_audit, i.required_approvals,
         i.claimed_by_id::text, i.lease_expires_at, i.created_at, i.confidence, i.proposal, i.context,
         COALESCE((SELECT json_agg(json_build_object('reviewerId', d.reviewer_id, 'action', d.action, 'stage', d.stage,
                                                     'reason', d.reason, 'editedOutput', d.edited_output) ORDER BY d.created_at)
                   FROM review_decisions d WHERE d.item_id = i.id), '[]'::json) AS decisions
  FROM review_items i WHERE i.id = $1::uuid`;

// The guard every write starts with: the item as it was read ($1 item, $2 reviewer, $3 stage).
// Every decision changes the item's status, so an unchanged status, holder and stage also means
// no decision landed in between. Everything else in the statement happens only if the guard held.
const STILL_AS_READ = `id = $1::uuid AND status = 'claimed' AND claimed_by_id = $2::uuid AND stage = $3::review_stage AND lease_expires_at > now()`;

// $4 action, $5 edited output, $6 reason, $7 reason code, $8 decided at, $9 the "decided" event's
// data (before/after: the audit trail).
const INSERT_DECISION = `
  decision AS (
    INSERT INTO review_decisions (id, item_id, reviewer_id, stage, action, edited_output, reason, reason_code, created_at)
    SELECT gen_random_uuid(), id, $2::uuid, $3::review_stage, $4::decision_action, $5::jsonb, $6, $7, $8::timestamptz FROM item
  )`;

/** $10: the next stage (second_review or tie_break). A tie-break goes to the supervisors' tier. */
const DECIDE_AND_HAND_ON = `
  WITH item AS (
    UPDATE review_items
    SET status = 'pending', stage = $10::text::review_stage, claimed_by_id = NULL, claimed_at = NULL, lease_expires_at = NULL,
        assigned_to_id = NULL, tier = CASE WHEN $10::text = 'tie_break' THEN 'supervisor'::review_tier ELSE tier END
    WHERE ${STILL_AS_READ}
    RETURNING id
  ), ${INSERT_DECISION}, events AS (
    -- One INSERT for both events, in order, keeps them in order on the item's trail.
    INSERT INTO review_events (item_id, type, actor_id, data)
    SELECT item.id, e.type, e.actor_id, e.data
    FROM item, (VALUES (1, 'decided', $2::uuid, $9::jsonb), (2, $10::text, NULL, jsonb_build_object('stage', $10::text))) AS e(n, type, actor_id, data)
    ORDER BY e.n
  )
  SELECT EXISTS (SELECT 1 FROM item) AS written`;

/**
 * $10 final action, $11 final output, $12 is audit, $13 run, $14 gate step, $15 gate output,
 * $16 confidence, $17 item created at. The gate's result is the step the run resumes from; an
 * audit sample's run went on automatically at the gate, so neither its gate result nor the run
 * changes (and resumed_at is stamped, which keeps the stalled-decision reconciler away from it).
 * A run that already finished (failed while it waited) is not brought back to life.
 */
const DECIDE_AND_FINALIZE = `
  WITH item AS (
    UPDATE review_items
    SET status = 'decided', decision = $10::decision_action, final_output = $11::jsonb, decided_by_id = $2::uuid,
        decided_at = $8::timestamptz, lease_expires_at = NULL,
        resumed_at = CASE WHEN $12::boolean THEN $8::timestamptz ELSE resumed_at END
    WHERE ${STILL_AS_READ}
    RETURNING id
  ), ${INSERT_DECISION}, gate AS (
    INSERT INTO run_steps (id, run_id, step_id, kind, status, output, attempts, confidence, latency_ms, started_at, finished_at)
    SELECT gen_random_uuid(), $13::uuid, $14::text, 'gate', 'completed', $15::jsonb, 1, $16::float8,
           greatest(0, round(extract(epoch FROM $8::timestamptz - $17::timestamptz) * 1000))::int, $17::timestamptz, $8::timestamptz
    FROM item WHERE NOT $12::boolean
    ON CONFLICT (run_id, step_id) DO NOTHING
  ), moved AS (
    UPDATE runs SET status = 'running', current_step_id = $14::text, updated_at = now()
    WHERE id = $13::uuid AND NOT $12::boolean AND EXISTS (SELECT 1 FROM item) AND status NOT IN ('completed', 'failed')
  ), event AS (
    INSERT INTO review_events (item_id, type, actor_id, data) SELECT id, 'decided', $2::uuid, $9::jsonb FROM item
  )
  SELECT EXISTS (SELECT 1 FROM item) AS written`;
