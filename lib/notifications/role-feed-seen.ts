// The "last visit" to the role-notification feed, kept in a cookie (why: find-notifications.ts).
// Pure encoding, shared by the layout, the notifications page and its actions.

export const ROLE_FEED_COOKIE = "baton_role_feed_seen";
export const ROLE_FEED_COOKIE_MAX_AGE_SECONDS = 60 * 60 * 24 * 30;

/** "<user id>.<epoch ms>": a cookie left behind by someone else in the same browser is ignored. */
export function encodeRoleFeedSeen(userId: string, seenAt: Date): string {
  return `${userId}.${seenAt.getTime()}`;
}

export function decodeRoleFeedSeen(value: string | undefined, userId: string): Date | null {
  if (!value) return null;
  const dot = value.lastIndexOf(".");
  if (dot < 0 || value.slice(0, dot) !== userId) return null;
  const ms = Number(value.slice(dot + 1));
  return Number.isSafeInteger(ms) && ms > 0 ? new Date(ms) : null;
}
