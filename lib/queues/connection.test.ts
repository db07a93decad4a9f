import { afterEach, describe, expect, it, vi } from "vitest";
import { logger } from "../logger";
import { createRedisConnection, logRedisError, REDIS_ERROR_LOG_WINDOW_MS } from "./connection";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("logRedisError", () => {
  it("logs a distinct message once per window, then again with the count of repeats left out", () => {
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => undefined);
    const t = 1_000_000_000;
    const refused = Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:${t}`), { code: "ECONNREFUSED" });
    expect(logRedisError(refused, t)).toBe(true);
    expect(logRedisError(refused, t + 200)).toBe(false);
    expect(logRedisError(refused, t + REDIS_ERROR_LOG_WINDOW_MS - 1)).toBe(false);
    // Another message is logged at once.
    expect(logRedisError(new Error(`READONLY ${t}`), t + 300)).toBe(true);
    expect(logRedisError(refused, t + REDIS_ERROR_LOG_WINDOW_MS)).toBe(true);
    expect(warn).toHaveBeenCalledTimes(3);
    expect(warn.mock.calls[0]).toEqual([{ error: refused.message, code: "ECONNREFUSED" }, "redis connection error"]);
    expect(warn.mock.calls[2]).toEqual([{ error: refused.message, code: "ECONNREFUSED", repeated: 2 }, "redis connection error"]);
  });

  it("keeps a bounded memory of messages", () => {
    vi.spyOn(logger, "warn").mockImplementation(() => undefined);
    const t = 2_000_000_000;
    for (let i = 0; i < 1_000; i++) expect(logRedisError(new Error(`error ${t} ${i}`), t + i)).toBe(true);
    // Still throttled for the most recent message.
    expect(logRedisError(new Error(`error ${t} 999`), t + 1_000)).toBe(false);
  });
});

describe("createRedisConnection", () => {
  it("handles connection errors (no 'Unhandled error event') and warns once per window", async () => {
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => undefined);
    const stderr = vi.spyOn(console, "error");
    // Nothing listens on port 1: every (re)connect fails at once.
    const connection = createRedisConnection("redis://127.0.0.1:1");
    try {
      await vi.waitFor(() => expect(warn).toHaveBeenCalled(), { timeout: 5_000 });
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(connection.listenerCount("error")).toBeGreaterThan(0);
      const refusals = warn.mock.calls.filter(([fields]) => String((fields as { error?: string }).error).includes("127.0.0.1:1"));
      expect(refusals).toHaveLength(1);
      expect(stderr.mock.calls.some((args) => String(args[0]).includes("Unhandled error event"))).toBe(false);
    } finally {
      connection.disconnect();
    }
  });
});
