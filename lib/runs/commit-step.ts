import { Prisma, type Tx } from "../db";

export interface StepCommit {
  runId: string;
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

/**
 * Writes a step's result: the checkpoint the run continues from. Returns false when the step was
 * already committed (a repeated job after a crash), in which case nothing changes.
 */
export async function commitStep(tx: Tx, commit: StepCommit): Promise<boolean> {
  const finishedAt = commit.finishedAt ?? new Date();
  const inserted = await tx.runStep.createMany({
    data: {
      runId: commit.runId,
      stepId: commit.stepId,
      kind: commit.kind,
      status: commit.status,
      output: commit.output === undefined ? Prisma.DbNull : (commit.output as Prisma.InputJsonValue),
      error: commit.error ?? null,
      attempts: commit.attempts,
      model: commit.model ?? null,
      confidence: commit.confidence ?? null,
      inputLength: commit.inputLength ?? null,
      outputLength: commit.outputLength ?? null,
      latencyMs: Math.max(0, finishedAt.getTime() - commit.startedAt.getTime()),
      startedAt: commit.startedAt,
      finishedAt,
    },
    skipDuplicates: true,
  });
  return inserted.count === 1;
}
