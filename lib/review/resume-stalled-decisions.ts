import { db } from "../db";
import { resumeRun } from "../engine/resume-run";

/**
 * Finds items decided a while ago whose run was never resumed (the resume enqueue was lost: a
 * crash, Redis down) and resumes them. resumeRun is safe to repeat: the run moves on once.
 */
export async function resumeStalledDecisions(options: { olderThanMs?: number; limit?: number } = {}): Promise<number> {
  const before = new Date(Date.now() - (options.olderThanMs ?? 5_000));
  const stalled = await db.reviewItem.findMany({
    where: { status: "decided", resumedAt: null, decidedAt: { lt: before } },
    select: { id: true, runId: true, stepId: true },
    orderBy: { decidedAt: "asc" },
    take: options.limit ?? 200,
  });
  let resumed = 0;
  for (const item of stalled) {
    if (await resumeRun({ runId: item.runId, stepId: item.stepId, itemId: item.id })) resumed++;
  }
  return resumed;
}
