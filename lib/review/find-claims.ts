import "server-only";
import { db, type Prisma } from "../db";
import type { ReviewPriority, ReviewTier } from "../engine/route-gate";
import type { ReviewStage } from "./get-review-item";
import { excerpt } from "../text/excerpt";

/** An undecided item as a supervisor sees it: who holds it, who it is reserved for, how its SLA stands. */
export interface SupervisedItem {
  id: string;
  runId: string;
  workflowName: string;
  status: "pending" | "claimed";
  stage: ReviewStage;
  priority: ReviewPriority;
  tier: ReviewTier;
  sensitive: boolean;
  requiredApprovals: number;
  escalationLevel: number;
  messageExcerpt: string | null;
  createdAt: Date;
  slaDueAt: Date;
  atRiskAt: Date;
  breachedAt: Date | null;
  assignedTo: { id: string; name: string } | null;
  claimedBy: { id: string; name: string } | null;
  claimedAt: Date | null;
  leaseExpiresAt: Date | null;
  /** Reviewers who already decided this item (four eyes): they cannot be given it again. */
  decidedByIds: string[];
}

export interface SupervisedItemsPage {
  items: SupervisedItem[];
  /** More rows match than `items` holds. */
  hasMore: boolean;
}

const DEFAULT_PAGE_SIZE = 100;

const select = {
  id: true,
  runId: true,
  workflowName: true,
  status: true,
  stage: true,
  priority: true,
  tier: true,
  sensitive: true,
  requiredApprovals: true,
  escalationLevel: true,
  context: true,
  createdAt: true,
  slaDueAt: true,
  atRiskAt: true,
  breachedAt: true,
  claimedAt: true,
  leaseExpiresAt: true,
  assignedTo: { select: { id: true, name: true } },
  claimedBy: { select: { id: true, name: true } },
  decisions: { select: { reviewerId: true } },
} satisfies Prisma.ReviewItemSelect;

/**
 * Every item someone holds, the lease closest to running out first (served by the partial lease
 * index). Items whose lease has lapsed are included until the maintenance worker returns them.
 */
export async function findClaims(input: { take?: number } = {}): Promise<SupervisedItemsPage> {
  const take = input.take ?? DEFAULT_PAGE_SIZE;
  const rows = await db.reviewItem.findMany({
    where: { status: "claimed" },
    orderBy: [{ leaseExpiresAt: "asc" }, { id: "asc" }],
    take: take + 1,
    select,
  });
  return toPage(rows, take);
}

/**
 * Open (unclaimed) items past their at-risk moment or their deadline, the earliest deadline
 * first: the ones a supervisor should hand to someone now.
 */
export async function findItemsAtRisk(input: { now?: Date; take?: number } = {}): Promise<SupervisedItemsPage> {
  const take = input.take ?? DEFAULT_PAGE_SIZE;
  const rows = await db.reviewItem.findMany({
    where: { status: "pending", atRiskAt: { lte: input.now ?? new Date() } },
    orderBy: [{ slaDueAt: "asc" }, { id: "asc" }],
    take: take + 1,
    select,
  });
  return toPage(rows, take);
}

type Row = Prisma.ReviewItemGetPayload<{ select: typeof select }>;

function toPage(rows: Row[], take: number): SupervisedItemsPage {
  return {
    items: rows.slice(0, take).map(({ context, decisions, ...row }) => ({
      ...row,
      status: row.status as "pending" | "claimed",
      messageExcerpt: excerpt(messageOf(context)),
      decidedByIds: decisions.map((d) => d.reviewerId),
    })),
    hasMore: rows.length > take,
  };
}


function messageOf(context: unknown): string | null {
  const message = (context as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message : null;
}
