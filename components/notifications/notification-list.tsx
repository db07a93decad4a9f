"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/authorized-action";
import { Badge } from "../ui/badge";
import { buttonStyles } from "../ui/button-styles";
import { formatDateTime, formatRelative } from "../ui/format";
import { EmptyState, Panel } from "../ui/panel";

export interface NotificationView {
  id: string;
  title: string;
  body: string;
  createdAt: string;
  isNew: boolean;
  /** "To you", or the role it was sent to. */
  audience: string;
  reviewHref: string | null;
  superviseHref: string | null;
}

type MarkAllReadAction = (input: { shownAt: string }) => Promise<ActionResult<{ marked: number }>>;

/**
 * The notifications, newest first. What was new when the page opened stays marked new while the
 * page is open, even though opening it already told the server it was seen; "Mark all read"
 * clears the marks.
 */
export function NotificationList({
  notifications,
  hasMore,
  shownAt,
  serverNow,
  markAllRead,
}: {
  notifications: NotificationView[];
  hasMore: boolean;
  shownAt: string;
  serverNow: number;
  markAllRead: MarkAllReadAction;
}) {
  const [newOnArrival, setNewOnArrival] = useState(() => new Set(notifications.filter((n) => n.isNew).map((n) => n.id)));
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const isNew = (n: NotificationView) => n.isNew || newOnArrival.has(n.id);
  const newCount = notifications.filter(isNew).length;

  const onMarkAll = () =>
    startTransition(async () => {
      const result = await markAllRead({ shownAt });
      if (result.ok) {
        setNewOnArrival(new Set());
        setError(null);
      } else setError(result.error);
    });

  return (
    <Panel
      title={`${newCount} new`}
      bodyClassName=""
      actions={
        <div className="flex items-center gap-3">
          {error ? (
            <p role="alert" className="text-red-700">
              {error}
            </p>
          ) : null}
          <button type="button" onClick={onMarkAll} disabled={pending || notifications.length === 0} className={buttonStyles.secondary}>
            {pending ? "Marking…" : "Mark all read"}
          </button>
        </div>
      }
    >
      {notifications.length === 0 ? (
        <EmptyState>No notifications in the last seven days.</EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-100" aria-label="Notifications">
          {notifications.map((n) => (
            <li key={n.id} className={`flex flex-wrap items-start gap-x-4 gap-y-1 px-4 py-3 ${isNew(n) ? "bg-accent-50/50" : ""}`}>
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  {isNew(n) ? <Badge tone="accent">new</Badge> : null}
                  <h3 className={`break-words ${isNew(n) ? "font-semibold text-zinc-900" : "font-medium text-zinc-700"}`}>{n.title}</h3>
                </div>
                <p className="mt-0.5 whitespace-pre-wrap break-words text-zinc-600">{n.body}</p>
                <div className="mt-1 flex flex-wrap gap-x-3 text-xs text-zinc-500">
                  <time dateTime={n.createdAt} title={formatDateTime(n.createdAt)}>
                    {formatRelative(n.createdAt, serverNow)}
                  </time>
                  <span>{n.audience}</span>
                </div>
              </div>
              <div className="flex shrink-0 flex-wrap gap-3">
                {n.reviewHref ? (
                  <Link href={n.reviewHref} className="font-medium text-accent-700 hover:underline">
                    Open item
                  </Link>
                ) : null}
                {n.superviseHref ? (
                  <Link href={n.superviseHref} className="font-medium text-accent-700 hover:underline">
                    Supervise
                  </Link>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      {hasMore ? <p className="border-t border-zinc-100 px-4 py-2 text-xs text-zinc-500">Showing the newest {notifications.length}.</p> : null}
    </Panel>
  );
}
