// Client-safe: the bell shows "99+" past the cap, and counting stops there, so a breach storm
// that writes thousands of notifications costs the 15-second poll nothing extra.
export const UNREAD_COUNT_CAP = 100;

export function formatUnreadCount(count: number): string {
  return count >= UNREAD_COUNT_CAP ? `${UNREAD_COUNT_CAP - 1}+` : String(count);
}
