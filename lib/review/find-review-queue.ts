import "server-only";
import { db, type Prisma } from "../db";
import type { ReviewPriority, ReviewTier } from "../engine/route-gate";
import { excerpt } from "../text/excerpt";

export const reviewPriorities = ["urgent", "high", "normal", "low"] as const satisfies readonly ReviewPriority[];

export interface QueueEntry {
  id: string;
  runId: string;
  workflowName: string;
  status: "pending" | "claimed";
  stage: "first_review" | "second_review" | "tie_break";
  requiredApprovals: number;
  priority: ReviewPriority;
  tier: ReviewTier;
  sensitive: boolean;
  confidence: number;
  escalationLevel: number;
  messageExcerpt: string | null;
  createdAt: Date;
  slaDueAt: Date;
  atRiskAt: Date;
  assignedTo: { id: string; name: string } | null;
  claimedBy: { id: string; name: string } | null;
  leaseExpiresAt: Date | null;
}

export interface ReviewQueuePage {
  entries: QueueEntry[];
  /** Undecided items per priority under the same filter, counted in the database (not only `entries`). */
  countsByPriority: Record<ReviewPriority, number>;
  total: number;
}

/**
 * The undecided items of the given tiers in claim order (priority, then SLA deadline), the order
 * claim-next-item.ts hands them out. With `reviewerId`, only what that reviewer could be given:
 * not items reserved for someone else, nor items they already decided (four eyes).
 */
export async function findReviewQueue(input: { tiers: ReviewTier[]; reviewerId?: string; take?: number }): Promise<ReviewQueuePage> {
  const where: Prisma.ReviewItemWhereInput = {
    status: { in: ["pending", "claimed"] },
    tier: { in: input.tiers },
    ...(input.reviewerId
      ? {
          OR: [{ assignedToId: null }, { assignedToId: input.reviewerId }],
          decisions: { none: { reviewerId: input.reviewerId } },
        }
      : {}),
  };
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
        stage: true,
        requiredApprovals: true,
        priority: true,
        tier: true,
        sensitive: true,
        confidence: true,
        escalationLevel: true,
        context: true,
        createdAt: true,
        slaDueAt: true,
        atRiskAt: true,
        leaseExpiresAt: true,
        assignedTo: { select: { id: true, name: true } },
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
      messageExcerpt: excerpt(messageOf(context), 140),
    })),
    countsByPriority,
    total: Object.values(countsByPriority).reduce((sum, n) => sum + n, 0),
  };
}


function messageOf(context: unknown): string | null {
  const message = (context as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : null;
}
