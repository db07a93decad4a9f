"use client";

import { useEffect, useState } from "react";

/**
 * The current time in ms, updated every `intervalMs`. Starts from the server's clock so the
 * first client render matches the server HTML; ticks from the browser's clock after that.
 */
export function useNow(serverNow: number, intervalMs = 1000): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
