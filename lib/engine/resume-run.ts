import { sqlQuery } from "../db";
import { logger } from "../logger";
import { enqueueStep } from "../queues/producers";

/**
 * Wakes a run whose gate has been decided (the decision and the gate's result are already
 * committed). The gate step's job runs again, finds the gate committed and moves the run on, so
 * the next step starts exactly once however often this is called. If Redis is unreachable the
 * reconciler resumes the run later: the decision is never lost.
 */
export async function resumeRun(input: { runId: string; stepId: string; itemId: string }): Promise<boolean> {
  try {
    await enqueueStep({ runId: input.runId, stepId: input.stepId });
  } catch (error) {
    logger.warn({ err: error, runId: input.runId }, "resume enqueue failed; the reconciler will resume the run");
    return false;
  }
  await sqlQuery("baton_stamp_resumed", STAMP_RESUMED, [input.itemId, input.runId]);
  return true;
}

// One prepared statement (this is on every decision's path): stamp the item once and log the event
// with it. Its commit does not wait for the WAL flush: if a crash forgets the stamp, the reconciler
// sees a decided item not yet resumed and resumes it again, which is harmless (see above).
const STAMP_RESUMED = `
  WITH stamped AS (
    UPDATE review_items SET resumed_at = now()
    WHERE id = $1::uuid AND resumed_at IS NULL AND set_config('synchronous_commit', 'off', true) IS NOT NULL
    RETURNING id
  )
  INSERT INTO review_events (item_id, type, data)
  SELECT id, 'resumed', jsonb_build_object('runId', $2::text) FROM stamped`;
