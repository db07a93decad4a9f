"use client";

import { useEffect } from "react";
import type { ActionResult } from "@/lib/auth/authorized-action";

type MarkSeenAction = (input: { shownAt: string }) => Promise<ActionResult<unknown>>;

/**
 * Tells the server this page was seen, once it is on screen: role notifications shown up to
 * `shownAt` stop counting in the bell. A page cannot set a cookie while rendering, hence the action.
 */
export function RoleFeedSeen({ shownAt, markSeen }: { shownAt: string; markSeen: MarkSeenAction }) {
  useEffect(() => {
    void markSeen({ shownAt });
    // Once per visit: a later re-render (with a newer shownAt) must not mark unseen arrivals.
  }, []);
  return null;
}
