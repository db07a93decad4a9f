"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import type { ActionResult } from "@/lib/auth/authorized-action";
import { formatUnreadCount } from "@/lib/notifications/unread-count";

const POLL_EVERY_MS = 15_000;

type CountAction = (input: Record<string, never>) => Promise<ActionResult<number>>;

/**
 * The header's bell: unread notifications for the user and their role, polled every 15 seconds
 * while the tab is visible (and at once when it becomes visible again). The layout renders it
 * with a fresh count and a key that changes with it, so a server-side change resets it.
 */
export function NotificationBell({ initialCount, fetchCount }: { initialCount: number; fetchCount: CountAction }) {
  const [count, setCount] = useState(initialCount);

  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      if (document.visibilityState !== "visible") return;
      const result = await fetchCount({}).catch(() => null);
      if (!stopped && result?.ok) setCount(result.data);
    };
    const timer = setInterval(poll, POLL_EVERY_MS);
    const onVisible = () => void poll();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [fetchCount]);

  const label = count === 0 ? "Notifications, none unread" : `Notifications, ${formatUnreadCount(count)} unread`;
  return (
    <Link href="/notifications" aria-label={label} title={label} className="relative inline-flex rounded-md p-1.5 text-zinc-600 transition-colors hover:bg-zinc-100 hover:text-zinc-900">
      <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round">
        <path d="M5 8a5 5 0 0 1 10 0c0 4 1.5 5.5 2 6H3c.5-.5 2-2 2-6Z" />
        <path d="M8.5 17a1.5 1.5 0 0 0 3 0" />
      </svg>
      {count > 0 ? (
        <span
          data-testid="notification-count"
          className="absolute -right-1 -top-1 min-w-[1.125rem] rounded-full bg-red-600 px-1 text-center text-[11px] font-semibold leading-[1.125rem] text-white tabular-nums"
        >
          {formatUnreadCount(count)}
        </span>
      ) : null}
    </Link>
  );
}
