import "server-only";
import { db } from "../db";

/**
 * Marks the person's own notifications read, up to `upTo` (what they were shown), so one that
 * arrives while they read stays unread. Role notifications have no per-person state: see
 * find-notifications.ts.
 */
export async function markNotificationsRead(input: { userId: string; upTo: Date }): Promise<number> {
  const { count } = await db.notification.updateMany({
    where: { recipientId: input.userId, readAt: null, createdAt: { lte: input.upTo } },
    data: { readAt: new Date() },
  });
  return count;
}
