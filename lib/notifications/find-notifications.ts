import "server-only";
import type { Role } from "../auth/permissions";
import { db, type Prisma } from "../db";
import type { ReviewTier } from "../engine/route-gate";
import { UNREAD_COUNT_CAP } from "./unread-count";

/** Notifications older than this are neither counted nor listed. */
export const NOTIFICATION_WINDOW_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Read state (see also role-feed-seen.ts):
 * - a notification addressed to one person (recipientId) has its own `readAt`: "Mark all read"
 *   sets it;
 * - a notification addressed to a role is one row for everyone with that role, so a per-person
 *   read flag would need a schema change (a receipts table). Instead role notifications are a
 *   feed, and "new" means newer than the person's last visit to the notifications page, kept in
 *   a cookie. The price: that "last visit" is per browser, not per account.
 */
export interface NotificationReader {
  userId: string;
  role: Role;
  /** The last visit to the role feed (from the cookie); null = never, everything in the window is new. */
  roleFeedSeenAt: Date | null;
  now?: Date;
}

export interface NotificationEntry {
  id: string;
  audience: "you" | "role";
  role: Role | null;
  type: string;
  title: string;
  body: string;
  item: { id: string; tier: ReviewTier; status: "pending" | "claimed" | "decided" } | null;
  createdAt: Date;
  /** Unread (addressed to you) or new since your last visit (addressed to your role). */
  isNew: boolean;
}

function windowStart(now: Date): Date {
  return new Date(now.getTime() - NOTIFICATION_WINDOW_DAYS * DAY_MS);
}

function roleFeedNewSince(reader: NotificationReader, since: Date): Date {
  return reader.roleFeedSeenAt && reader.roleFeedSeenAt > since ? reader.roleFeedSeenAt : since;
}

/**
 * The bell's number: unread personal notifications plus role notifications since the last visit,
 * counted up to UNREAD_COUNT_CAP.
 */
export async function countUnreadNotifications(reader: NotificationReader): Promise<number> {
  const since = windowStart(reader.now ?? new Date());
  return db.notification.count({
    take: UNREAD_COUNT_CAP,
    where: {
      OR: [
        { recipientId: reader.userId, readAt: null, createdAt: { gte: since } },
        { recipientId: null, role: reader.role, createdAt: { gt: roleFeedNewSince(reader, since) } },
      ],
    },
  });
}

/** The reader's notifications of the last seven days, newest first. */
export async function findNotifications(reader: NotificationReader & { take?: number }): Promise<{ entries: NotificationEntry[]; hasMore: boolean }> {
  const since = windowStart(reader.now ?? new Date());
  const take = reader.take ?? 100;
  const where: Prisma.NotificationWhereInput = {
    createdAt: { gte: since },
    OR: [{ recipientId: reader.userId }, { recipientId: null, role: reader.role }],
  };
  const rows = await db.notification.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
    select: {
      id: true,
      recipientId: true,
      role: true,
      type: true,
      title: true,
      body: true,
      createdAt: true,
      readAt: true,
      item: { select: { id: true, tier: true, status: true } },
    },
  });
  const newSince = roleFeedNewSince(reader, since);
  return {
    entries: rows.slice(0, take).map((row) => {
      const personal = row.recipientId !== null;
      return {
        id: row.id,
        audience: personal ? "you" : "role",
        role: row.role,
        type: row.type,
        title: row.title,
        body: row.body,
        item: row.item,
        createdAt: row.createdAt,
        isNew: personal ? row.readAt === null : row.createdAt > newSince,
      };
    }),
    hasMore: rows.length > take,
  };
}
