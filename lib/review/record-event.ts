import { Prisma, type Tx } from "../db";

export type ReviewEventType =
  | "created"
  | "claimed"
  | "released"
  | "assigned"
  | "decided"
  | "second_review"
  | "tie_break"
  | "at_risk"
  | "escalated"
  | "resumed";

/** Appends one transition to an item's audit trail, in the caller's transaction. */
export async function recordEvent(
  tx: Tx,
  event: { itemId: string; type: ReviewEventType; actorId?: string | null; data?: Record<string, unknown> },
): Promise<void> {
  await tx.reviewEvent.create({
    data: {
      itemId: event.itemId,
      type: event.type,
      actorId: event.actorId ?? null,
      data: event.data ? (event.data as Prisma.InputJsonValue) : Prisma.DbNull,
    },
  });
}
