import { sqlQuery, type Tx } from "../db";

/** A step's result: the checkpoint the run continues from. */
export interface StepRow {
  stepId: string;
  kind: string;
  status: "completed" | "failed";
  output?: unknown;
  error?: string | null;
  attempts: number;
  model?: string | null;
  confidence?: number | null;
  inputLength?: number | null;
  outputLength?: number | null;
  startedAt: Date;
  finishedAt?: Date;
}

// ── The engine's hot path: one statement per step transition ─────────────────────────────────
// A step's result, its attempt record and the run's new position are written by ONE SQL
// statement (data-modifying CTEs run atomically, as one transaction): one round trip and one
// commit per step, where an interactive transaction would need four.

/** Where the run goes next. `output` and `error` are left as they are when undefined. */
export interface RunMove {
  status: "running" | "completed" | "failed" | "waiting_for_review";
  currentStepId: string | null;
  output?: unknown;
  error?: string | null;
  /** Pushes the workflow deadline back (by the time a run spent waiting for a reviewer). */
  deadlineShiftMs?: number;
}

/** An attempt record written with the commit: `ok`, or `duplicate` if the step was already committed. */
export interface AttemptRow {
  stepId: string;
  attempt: number;
  model?: string | null;
  provider?: string | null;
  status: string;
  error?: string | null;
  failover: boolean;
  inputLength?: number | null;
  outputLength?: number | null;
  latencyMs: number;
  confidence?: number | null;
  startedAt: Date;
}

const STEP_ROWS = `jsonb_to_recordset($ROWS::jsonb) AS r(step_id text, kind text, status text, output jsonb, error text, attempts int,
  model text, confidence float8, input_length int, output_length int, latency_ms int, started_at timestamptz, finished_at timestamptz)`;

const INSERT_STEPS = `INSERT INTO run_steps (id, run_id, step_id, kind, status, output, error, attempts, model, confidence, input_length, output_length, latency_ms, started_at, finished_at)
  SELECT gen_random_uuid(), $1::uuid, r.step_id, r.kind, r.status::step_status, r.output, r.error, r.attempts, r.model, r.confidence,
         r.input_length, r.output_length, r.latency_ms, r.started_at, r.finished_at
  FROM ${STEP_ROWS.replace("$ROWS", "$2")}`;

const RUN_SET = `status = $3::run_status, current_step_id = $4, updated_at = now(),
  output = CASE WHEN $5::boolean THEN $6::jsonb ELSE output END,
  error = CASE WHEN $7::boolean THEN $8 ELSE error END,
  completed_at = CASE WHEN $3::run_status = 'completed' THEN now() ELSE completed_at END,
  deadline_at = CASE WHEN $9::int > 0 THEN deadline_at + make_interval(secs => $9::int / 1000.0) ELSE deadline_at END`;

function stepRowsJson(rows: StepRow[]): string {
  return JSON.stringify(
    rows.map((row) => {
      const finishedAt = row.finishedAt ?? new Date();
      return {
        step_id: row.stepId,
        kind: row.kind,
        status: row.status,
        output: row.output === undefined ? null : row.output,
        error: row.error ?? null,
        attempts: row.attempts,
        model: row.model ?? null,
        confidence: row.confidence ?? null,
        input_length: row.inputLength ?? null,
        output_length: row.outputLength ?? null,
        latency_ms: Math.max(0, finishedAt.getTime() - row.startedAt.getTime()),
        started_at: row.startedAt.toISOString(),
        finished_at: finishedAt.toISOString(),
      };
    }),
  );
}

function moveParams(move: RunMove): unknown[] {
  return [
    move.status,
    move.currentStepId,
    move.output !== undefined,
    move.output === undefined ? null : JSON.stringify(move.output ?? null),
    move.error !== undefined,
    move.error ?? null,
    Math.max(0, Math.round(move.deadlineShiftMs ?? 0)),
  ];
}

/**
 * Commits a step that just ran — `rows[0]`, plus any branch steps decided with it — with its
 * attempt record, and moves the run, all at once. Nothing moves if `rows[0]` was already committed
 * (a duplicate run of the step): then `fresh` is false and the attempt is recorded as `duplicate`.
 */
export async function commitStepAndMove(
  runId: string,
  rows: StepRow[],
  attempt: AttemptRow | null,
  move: RunMove,
): Promise<{ fresh: boolean; moved: boolean }> {
  const attempts = attempt
    ? [
        {
          step_id: attempt.stepId,
          attempt: attempt.attempt,
          model: attempt.model ?? null,
          provider: attempt.provider ?? null,
          status: attempt.status,
          error: attempt.error ?? null,
          failover: attempt.failover,
          input_length: attempt.inputLength ?? null,
          output_length: attempt.outputLength ?? null,
          latency_ms: Math.max(0, Math.round(attempt.latencyMs)),
          confidence: attempt.confidence ?? null,
          started_at: attempt.startedAt.toISOString(),
          finished_at: new Date(attempt.startedAt.getTime() + Math.max(0, Math.round(attempt.latencyMs))).toISOString(),
        },
      ]
    : [];
  const [result] = await sqlQuery<{ fresh: boolean; moved: boolean }>(
    "baton_commit_step",
    `WITH ins AS (
       ${INSERT_STEPS}
       ON CONFLICT (run_id, step_id) DO NOTHING
       RETURNING step_id
     ), fresh AS (
       SELECT EXISTS (SELECT 1 FROM ins WHERE step_id = $10) AS ok
     ), att AS (
       INSERT INTO step_attempts (id, run_id, step_id, attempt, model, provider, status, error, failover, input_length, output_length, latency_ms, confidence, started_at, finished_at)
       SELECT gen_random_uuid(), $1::uuid, a.step_id, a.attempt, a.model, a.provider,
              CASE WHEN (SELECT ok FROM fresh) THEN a.status ELSE 'duplicate' END, a.error, a.failover,
              a.input_length, a.output_length, a.latency_ms, a.confidence, a.started_at, a.finished_at
       FROM jsonb_to_recordset($11::jsonb) AS a(step_id text, attempt int, model text, provider text, status text, error text, failover boolean,
            input_length int, output_length int, latency_ms int, confidence float8, started_at timestamptz, finished_at timestamptz)
     ), moved AS (
       UPDATE runs SET ${RUN_SET}
       WHERE id = $1::uuid AND (SELECT ok FROM fresh) AND status NOT IN ('completed', 'failed')
       RETURNING 1
     )
     SELECT (SELECT ok FROM fresh) AS fresh, EXISTS (SELECT 1 FROM moved) AS moved`,
    [runId, stepRowsJson(rows), ...moveParams(move), rows[0]!.stepId, JSON.stringify(attempts)],
  );
  return { fresh: Boolean(result?.fresh), moved: Boolean(result?.moved) };
}

/**
 * Moves a run on from a step committed earlier (a gate a reviewer decided, a redelivered job),
 * only if the run is still at `fromStepId`; `rows` (branch steps decided on the way) are written
 * only then. When another job moved it first, returns where the run is now.
 */
export async function moveRunFrom(
  runId: string,
  fromStepId: string,
  rows: StepRow[],
  move: RunMove,
): Promise<{ moved: boolean; currentStepId: string | null; status: string | null }> {
  const [result] = await sqlQuery<{ moved: boolean; current_step_id: string | null; status: string | null }>(
    "baton_move_run",
    `WITH moved AS (
       UPDATE runs SET ${RUN_SET}
       WHERE id = $1::uuid AND current_step_id = $10 AND status IN ('queued', 'running')
       RETURNING 1
     ), ins AS (
       ${INSERT_STEPS}
       WHERE EXISTS (SELECT 1 FROM moved)
       ON CONFLICT (run_id, step_id) DO NOTHING
     )
     SELECT EXISTS (SELECT 1 FROM moved) AS moved, r.current_step_id, r.status::text AS status FROM runs r WHERE r.id = $1::uuid`,
    [runId, stepRowsJson(rows), ...moveParams(move), fromStepId],
  );
  return { moved: Boolean(result?.moved), currentStepId: result?.current_step_id ?? null, status: result?.status ?? null };
}

/** For callers inside an interactive transaction (the parallel join). */
export async function insertStepRows(tx: Tx, runId: string, rows: StepRow[]): Promise<string[]> {
  const inserted = await tx.$queryRawUnsafe<{ step_id: string }[]>(
    `${INSERT_STEPS} ON CONFLICT (run_id, step_id) DO NOTHING RETURNING step_id`,
    runId,
    stepRowsJson(rows),
  );
  return inserted.map((row) => row.step_id);
}

export async function applyRunMove(tx: Tx, runId: string, move: RunMove): Promise<boolean> {
  const updated = await tx.$executeRawUnsafe(
    `UPDATE runs SET ${RUN_SET} WHERE id = $1::uuid AND $2::text IS NULL AND status NOT IN ('completed', 'failed')`,
    runId,
    null,
    ...moveParams(move),
  );
  return updated === 1;
}
