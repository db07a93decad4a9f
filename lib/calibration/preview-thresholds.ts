import { db } from "../db";
import { routeGate } from "../engine/route-gate";
import type { GateThresholds, ReviewAction } from "../engine/types";

export interface PreviewRun {
  runId: string;
  createdAt: Date;
  confidence: number;
  sensitive: boolean;
  /** What happened: automatic, or a review item (audit samples count as automatic). */
  actual: "auto" | "review";
  proposed: "auto" | "review";
  /** The reviewer's verdict, when there is one (a review or an audit sample). */
  decision: ReviewAction | null;
}

export interface ThresholdPreview {
  runs: number;
  automatedNow: number;
  automatedProposed: number;
  /** Reviewed then, automatic under the proposal. */
  toAuto: number;
  /** Automatic then, reviewed under the proposal. */
  toReview: number;
  /** Of the runs moving to automatic: outputs a reviewer had edited or rejected, which would have gone out as they were. */
  knownErrorsReleased: number;
  /** …and those a reviewer had approved as they were. */
  knownCorrectReleased: number;
  /** The most recent runs, for a table. */
  sample: PreviewRun[];
}

export const MAX_PREVIEW_RUNS = 1000;

/**
 * What the proposed thresholds would have done to the last `limit` runs that reached this gate,
 * next to what the thresholds then in force did. Runs are read newest first through the runs
 * (workflow, created_at) index, so this costs `limit` rows whatever the history.
 */
export async function previewThresholds(input: { workflowName: string; stepId: string; thresholds: GateThresholds; limit?: number }): Promise<ThresholdPreview> {
  const limit = Math.min(MAX_PREVIEW_RUNS, Math.max(1, input.limit ?? 200));
  const rows = await db.$queryRaw<{ run_id: string; created_at: Date; confidence: number; sensitive: boolean; reviewed: boolean; decision: ReviewAction | null }[]>`
    SELECT r.id AS run_id, r.created_at, COALESCE(i.confidence, s.confidence) AS confidence, COALESCE(i.sensitive, false) AS sensitive,
           (i.id IS NOT NULL AND NOT i.is_audit) AS reviewed, CASE WHEN i.status = 'decided' THEN i.decision END AS decision
    FROM runs r
    LEFT JOIN review_items i ON i.run_id = r.id AND i.step_id = ${input.stepId}
    LEFT JOIN run_steps s ON s.run_id = r.id AND s.step_id = ${input.stepId} AND s.kind = 'gate'
    WHERE r.workflow_name = ${input.workflowName} AND (i.id IS NOT NULL OR s.id IS NOT NULL) AND COALESCE(i.confidence, s.confidence) IS NOT NULL
    ORDER BY r.created_at DESC
    LIMIT ${limit}`;

  const runs: PreviewRun[] = rows.map((row) => {
    const confidence = Math.min(1, Math.max(0, Number(row.confidence)));
    const proposed = routeGate({ confidence, sensitive: row.sensitive }, input.thresholds).route;
    return { runId: row.run_id, createdAt: row.created_at, confidence, sensitive: row.sensitive, actual: row.reviewed ? "review" : "auto", proposed, decision: row.decision };
  });
  const moving = runs.filter((r) => r.actual === "review" && r.proposed === "auto");
  return {
    runs: runs.length,
    automatedNow: runs.filter((r) => r.actual === "auto").length,
    automatedProposed: runs.filter((r) => r.proposed === "auto").length,
    toAuto: moving.length,
    toReview: runs.filter((r) => r.actual === "auto" && r.proposed === "review").length,
    knownErrorsReleased: moving.filter((r) => r.decision === "edited" || r.decision === "rejected").length,
    knownCorrectReleased: moving.filter((r) => r.decision === "approved").length,
    sample: runs.slice(0, 50),
  };
}
