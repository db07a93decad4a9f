import "server-only";
import { cookies } from "next/headers";
import { decodeRoleFeedSeen, encodeRoleFeedSeen, ROLE_FEED_COOKIE, ROLE_FEED_COOKIE_MAX_AGE_SECONDS } from "@/lib/notifications/role-feed-seen";

/** When this user last looked at their role's notification feed in this browser (null: never). */
export async function readRoleFeedSeenAt(userId: string): Promise<Date | null> {
  return decodeRoleFeedSeen((await cookies()).get(ROLE_FEED_COOKIE)?.value, userId);
}

/** Only server actions may call this: pages cannot set cookies. Never moves the mark backwards. */
export async function writeRoleFeedSeenAt(userId: string, seenAt: Date): Promise<void> {
  const previous = await readRoleFeedSeenAt(userId);
  if (previous && previous >= seenAt) return;
  (await cookies()).set(ROLE_FEED_COOKIE, encodeRoleFeedSeen(userId, seenAt), {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: process.env.NEXTAUTH_URL?.startsWith("https://") ?? false,
    maxAge: ROLE_FEED_COOKIE_MAX_AGE_SECONDS,
  });
}
