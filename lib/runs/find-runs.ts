import "server-only";
import { db } from "../db";
import { excerpt, runMessage } from "./run-message";

export const runStatuses = ["queued", "running", "waiting_for_review", "completed", "failed"] as const;
export type RunStatus = (typeof runStatuses)[number];

export interface RunListEntry {
  id: string;
  workflowName: string;
  workflowVersion: number;
  status: RunStatus;
  createdAt: Date;
  completedAt: Date | null;
  messageExcerpt: string | null;
  /** How the run passed its gate: "review" once it got a review item, "auto" if a gate let it through, null before any gate. */
  route: "auto" | "review" | null;
}

export interface RunListPage {
  runs: RunListEntry[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Recent runs, newest first, optionally of one status. */
export async function findRuns(input: { status?: RunStatus; take?: number; cursor?: string | null } = {}): Promise<RunListPage> {
  const take = input.take ?? 50;
  const cursor = input.cursor && UUID.test(input.cursor) ? input.cursor : null;
  const rows = await db.run.findMany({
    where: input.status ? { status: input.status } : undefined,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: {
      id: true,
      workflowName: true,
      workflowVersion: true,
      status: true,
      createdAt: true,
      completedAt: true,
      input: true,
      _count: { select: { reviewItems: true, steps: { where: { kind: "gate" } } } },
    },
  });
  const page = rows.slice(0, take);
  return {
    runs: page.map((row) => ({
      id: row.id,
      workflowName: row.workflowName,
      workflowVersion: row.workflowVersion,
      status: row.status,
      createdAt: row.createdAt,
      completedAt: row.completedAt,
      messageExcerpt: excerpt(runMessage(row.input)),
      route: row._count.reviewItems > 0 ? "review" : row._count.steps > 0 ? "auto" : null,
    })),
    nextCursor: rows.length > take ? page[page.length - 1]!.id : null,
  };
}

export function isRunStatus(value: unknown): value is RunStatus {
  return typeof value === "string" && (runStatuses as readonly string[]).includes(value);
}
