"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/authorized-action";
import { buttonStyles } from "../ui/button-styles";
import { formatDuration } from "../ui/format";
import { useNow } from "../ui/use-now";

const RENEW_EVERY_MS = 60_000;

type RenewAction = (input: { itemId: string }) => Promise<ActionResult<{ leaseExpiresAt: string }>>;
type ReleaseAction = (input: { itemId: string }) => Promise<ActionResult<unknown>>;

/**
 * The reviewer's claim on the item: how long it lasts, renewed every minute while the page is
 * visible (a tab left in the background lets it lapse, so an abandoned item returns to the
 * queue), and a way to hand the item back undecided.
 */
export function ClaimLease({
  itemId,
  expiresAt,
  serverNow,
  renew,
  release,
}: {
  itemId: string;
  expiresAt: string;
  serverNow: number;
  renew: RenewAction;
  release: ReleaseAction;
}) {
  const now = useNow(serverNow);
  const [expiry, setExpiry] = useState(() => new Date(expiresAt).getTime());
  const [error, setError] = useState<string | null>(null);
  const [releasing, startRelease] = useTransition();
  const expiryRef = useRef(expiry);
  useEffect(() => {
    expiryRef.current = expiry;
  }, [expiry]);

  useEffect(() => {
    let stopped = false;
    const renewNow = async () => {
      if (stopped || document.visibilityState !== "visible" || expiryRef.current <= Date.now()) return;
      const result = await renew({ itemId });
      if (stopped || !result) return;
      if (result.ok) {
        setExpiry(new Date(result.data.leaseExpiresAt).getTime());
        setError(null);
      } else {
        setError(result.error);
        setExpiry(Date.now());
      }
    };
    const timer = setInterval(renewNow, RENEW_EVERY_MS);
    const onVisible = () => void renewNow();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [itemId, renew]);

  const left = expiry - now;
  return (
    <span className="flex flex-wrap items-center gap-2 text-xs">
      <span role="timer" className={`tabular-nums ${left < 60_000 ? "font-medium text-amber-700" : "text-zinc-500"}`}>
        {error ?? (left > 0 ? `Your claim lasts ${formatDuration(left)}` : "Your claim has expired: take the item again from the queue")}
      </span>
      <button
        type="button"
        disabled={releasing}
        className={`${buttonStyles.ghost} px-2 py-1 text-xs`}
        onClick={() =>
          startRelease(async () => {
            const result = await release({ itemId });
            if (result && !result.ok) setError(result.error);
          })
        }
      >
        Release item
      </button>
    </span>
  );
}
