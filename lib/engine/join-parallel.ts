import { db, type Tx } from "../db";
import { applyRunMove, insertStepRows, type AttemptRow, type StepRow } from "../runs/commit-step";
import type { LoadedRun } from "./load-run";
import { resultsOf } from "./load-run";
import { planAdvance, planFailure, type MovePlan } from "./plan-move";
import type { ChildOutcome, ParallelOutput, ParallelStep, WorkflowDefinition } from "./types";

// The join is driven by PostgreSQL, not by BullMQ flows: each child commits its own result in a
// transaction that first locks the run's row; the transaction that commits the last child (it
// sees every other child committed, because they committed before it got the lock) also commits
// the group's joined result and moves the run to the join step. So the join happens exactly once,
// even with children finishing at the same moment on different workers, and it survives a Redis
// flush: nothing about the group lives only in Redis.

type Definition = WorkflowDefinition<unknown>;

/** Commits one child's result (completed or failed) and, if it was the last one, the join. */
export async function commitParallelChild(
  definition: Definition,
  run: LoadedRun,
  group: ParallelStep<unknown>,
  row: StepRow,
  attempt: AttemptRow | null,
): Promise<{ fresh: boolean; plan: MovePlan | null }> {
  return db.$transaction(async (tx) => {
    const locked = await lockRun(tx, run.id);
    const fresh = (await insertStepRows(tx, run.id, [row])).length === 1;
    if (attempt) {
      await tx.stepAttempt.create({
        data: {
          runId: run.id,
          stepId: attempt.stepId,
          attempt: attempt.attempt,
          model: attempt.model ?? null,
          provider: attempt.provider ?? null,
          status: fresh ? attempt.status : "duplicate",
          error: attempt.error ?? null,
          failover: attempt.failover,
          inputLength: attempt.inputLength ?? null,
          outputLength: attempt.outputLength ?? null,
          latencyMs: Math.max(0, Math.round(attempt.latencyMs)),
          confidence: attempt.confidence ?? null,
          startedAt: attempt.startedAt,
          finishedAt: new Date(attempt.startedAt.getTime() + Math.max(0, Math.round(attempt.latencyMs))),
        },
      });
    }
    if (!fresh || !locked || locked.current_step_id !== group.id || locked.status !== "running") return { fresh, plan: null };
    return { fresh, plan: await decideGroup(tx, definition, run, group) };
  });
}

/** For the group's own job when every child is already committed (a re-drive after a crash). */
export async function joinIfComplete(definition: Definition, run: LoadedRun, group: ParallelStep<unknown>): Promise<MovePlan | null> {
  return db.$transaction(async (tx) => {
    const locked = await lockRun(tx, run.id);
    if (!locked || locked.current_step_id !== group.id || locked.status !== "running") return null;
    return decideGroup(tx, definition, run, group);
  });
}

async function lockRun(tx: Tx, runId: string): Promise<{ status: string; current_step_id: string | null } | undefined> {
  const rows = await tx.$queryRawUnsafe<{ status: string; current_step_id: string | null }[]>(
    `SELECT status::text AS status, current_step_id FROM runs WHERE id = $1::uuid FOR UPDATE`,
    runId,
  );
  return rows[0];
}

/** With the run locked: join when every child is in, or fail the group at the first failure under "fail". */
async function decideGroup(tx: Tx, definition: Definition, run: LoadedRun, group: ParallelStep<unknown>): Promise<MovePlan | null> {
  const childIds = group.steps.map((child) => child.id);
  const rows = await tx.$queryRawUnsafe<{ step_id: string; status: "completed" | "failed"; output: unknown; error: string | null }[]>(
    `SELECT step_id, status::text AS status, output, error FROM run_steps WHERE run_id = $1::uuid AND step_id = ANY($2::text[])`,
    run.id,
    childIds,
  );
  const now = new Date();
  const failed = rows.find((row) => row.status === "failed");
  if (failed && group.onChildFailure === "fail") {
    const message = `Parallel step ${failed.step_id} failed: ${failed.error ?? "unknown error"}`;
    await insertStepRows(tx, run.id, [{ stepId: group.id, kind: "parallel", status: "failed", error: message, attempts: 1, startedAt: now }]);
    const plan = planFailure(definition, run, group.id, `Step ${group.id} failed: ${message}`);
    await applyRunMove(tx, run.id, plan.move);
    return plan;
  }
  if (rows.length < childIds.length) {
    await tx.$executeRawUnsafe(`UPDATE runs SET updated_at = now() WHERE id = $1::uuid`, run.id);
    return null;
  }
  const byId = new Map(rows.map((row) => [row.step_id, row]));
  const joined: ParallelOutput = Object.fromEntries(
    childIds.map((id): [string, ChildOutcome] => {
      const child = byId.get(id)!;
      return [id, child.status === "completed" ? { status: "completed", output: child.output } : { status: "failed", error: child.error ?? "unknown error" }];
    }),
  );
  const results = { ...resultsOf(run), ...Object.fromEntries(rows.filter((r) => r.status === "completed").map((r) => [r.step_id, r.output])), [group.id]: joined };
  const plan = planAdvance(definition, run, results, group.id, joined, now);
  const started = run.steps.get(childIds[0]!)?.startedAt ?? now;
  await insertStepRows(tx, run.id, [{ stepId: group.id, kind: "parallel", status: "completed", output: joined, attempts: 1, startedAt: started, finishedAt: now }, ...plan.rows]);
  await applyRunMove(tx, run.id, plan.move);
  return plan;
}
