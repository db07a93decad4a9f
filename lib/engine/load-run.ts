import { sqlQuery } from "../db";

export interface CommittedStep {
  status: "completed" | "failed";
  kind: string;
  output: unknown;
  error: string | null;
  startedAt: Date;
  finishedAt: Date;
}

export interface LoadedRun {
  id: string;
  status: "queued" | "running" | "waiting_for_review" | "completed" | "failed";
  workflowName: string;
  workflowVersion: number;
  input: unknown;
  currentStepId: string | null;
  deadlineAt: Date | null;
  callbackUrl: string | null;
  error: string | null;
  /** Every committed step of the run (completed or failed), by step id. */
  steps: Map<string, CommittedStep>;
}

interface Row {
  id: string;
  status: LoadedRun["status"];
  workflow_name: string;
  workflow_version: number;
  input: unknown;
  current_step_id: string | null;
  deadline_at: Date | string | null;
  callback_url: string | null;
  error: string | null;
  steps: [string, "completed" | "failed", string, unknown, string | null, string, string][] | string | null;
}

/**
 * The run and all its committed steps in one round trip: what a step job needs to decide whether
 * to run, and the results it runs on. A queued run becomes running here (its first step is
 * starting); the update costs nothing when the run is already running.
 */
export async function loadRun(runId: string): Promise<LoadedRun | null> {
  const rows = await sqlQuery<Row>(
    "baton_load_run",
    `WITH started AS (
       UPDATE runs SET status = 'running', updated_at = now() WHERE id = $1::uuid AND status = 'queued' RETURNING id
     )
     SELECT r.id::text AS id,
            CASE WHEN EXISTS (SELECT 1 FROM started) THEN 'running' ELSE r.status::text END AS status,
            r.workflow_name, r.workflow_version, r.input, r.current_step_id, r.deadline_at, r.callback_url, r.error,
            (SELECT json_agg(json_build_array(s.step_id, s.status, s.kind, s.output, s.error, s.started_at, s.finished_at))
               FROM run_steps s WHERE s.run_id = r.id) AS steps
       FROM runs r WHERE r.id = $1::uuid`,
    [runId],
  );
  const row = rows[0];
  if (!row) return null;
  const list = typeof row.steps === "string" ? (JSON.parse(row.steps) as Exclude<Row["steps"], string | null>) : (row.steps ?? []);
  const steps = new Map<string, CommittedStep>();
  for (const [stepId, status, kind, output, error, startedAt, finishedAt] of list) {
    steps.set(stepId, { status, kind, output, error, startedAt: new Date(startedAt), finishedAt: new Date(finishedAt) });
  }
  return {
    id: row.id,
    status: row.status,
    workflowName: row.workflow_name,
    workflowVersion: Number(row.workflow_version),
    input: typeof row.input === "string" ? JSON.parse(row.input) : row.input,
    currentStepId: row.current_step_id,
    deadlineAt: row.deadline_at === null ? null : new Date(row.deadline_at),
    callbackUrl: row.callback_url,
    error: row.error,
    steps,
  };
}

export function resultsOf(run: LoadedRun): Record<string, unknown> {
  const results: Record<string, unknown> = {};
  for (const [stepId, step] of run.steps) if (step.status === "completed") results[stepId] = step.output;
  return results;
}
