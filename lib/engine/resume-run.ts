import { db } from "../db";
import { logger } from "../logger";
import { enqueueStep } from "../queues/producers";
import { recordEvent } from "../review/record-event";

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
  await db.$transaction(async (tx) => {
    const updated = await tx.reviewItem.updateMany({ where: { id: input.itemId, resumedAt: null }, data: { resumedAt: new Date() } });
    if (updated.count === 1) await recordEvent(tx, { itemId: input.itemId, type: "resumed", data: { runId: input.runId } });
  });
  return true;
}
