import "server-only";
import { db } from "../db";
import type { ReviewPriority, ReviewTier } from "../engine/route-gate";

export const reviewPriorities = ["urgent", "high", "normal", "low"] as const satisfies readonly ReviewPriority[];

export interface QueueEntry {
  id: string;
  runId: string;
  workflowName: string;
  status: "pending" | "claimed";
  priority: ReviewPriority;
  tier: ReviewTier;
  sensitive: boolean;
  confidence: number;
  messageExcerpt: string | null;
  createdAt: Date;
  slaDueAt: Date;
  claimedBy: { id: string; name: string } | null;
  leaseExpiresAt: Date | null;
}

export interface ReviewQueuePage {
  entries: QueueEntry[];
  /** Undecided items per priority in the given tiers, counted in the database (not only `entries`). */
  countsByPriority: Record<ReviewPriority, number>;
  total: number;
}

/**
 * The undecided items a reviewer may take, in claim order (priority, then SLA deadline): the
 * same order claim-next-item.ts uses, so the list shows what "Review next item" will hand out.
 */
export async function findReviewQueue(input: { tiers: ReviewTier[]; take?: number }): Promise<ReviewQueuePage> {
  const where = { status: { in: ["pending", "claimed"] as ("pending" | "claimed")[] }, tier: { in: input.tiers } };
  const [rows, groups] = await Promise.all([
    db.reviewItem.findMany({
      where,
      orderBy: [{ priority: "asc" }, { slaDueAt: "asc" }],
      take: input.take ?? 50,
      select: {
        id: true,
        runId: true,
        workflowName: true,
        status: true,
        priority: true,
        tier: true,
        sensitive: true,
        confidence: true,
        context: true,
        createdAt: true,
        slaDueAt: true,
        leaseExpiresAt: true,
        claimedBy: { select: { id: true, name: true } },
      },
    }),
    db.reviewItem.groupBy({ by: ["priority"], where, _count: { _all: true } }),
  ]);

  const countsByPriority = Object.fromEntries(reviewPriorities.map((p) => [p, 0])) as Record<ReviewPriority, number>;
  for (const group of groups) countsByPriority[group.priority] = group._count._all;

  return {
    entries: rows.map(({ context, ...row }) => ({
      ...row,
      status: row.status as "pending" | "claimed",
      messageExcerpt: excerpt(messageOf(context)),
    })),
    countsByPriority,
    total: Object.values(countsByPriority).reduce((sum, n) => sum + n, 0),
  };
}

const EXCERPT_LENGTH = 140;

function excerpt(text: string | null): string | null {
  if (text === null) return null;
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH - 1)}…` : flat;
}

function messageOf(context: unknown): string | null {
  const message = (context as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : null;
}
