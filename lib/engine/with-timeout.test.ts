import { describe, expect, it } from "vitest";
import { StepTimeoutError, withTimeout } from "./with-timeout";

describe("withTimeout", () => {
  it("returns the result of work that finishes in time", async () => {
    await expect(withTimeout(async () => 42, 100)).resolves.toBe(42);
  });

  it("rejects with StepTimeoutError and aborts the work's signal when the deadline passes", async () => {
    let seen: AbortSignal | undefined;
    const work = (signal: AbortSignal) => {
      seen = signal;
      return new Promise((resolve) => setTimeout(resolve, 1000));
    };
    await expect(withTimeout(work, 20)).rejects.toBeInstanceOf(StepTimeoutError);
    expect(seen?.aborted).toBe(true);
  });

  it("passes on an abort from the caller (worker shutdown)", async () => {
    const parent = new AbortController();
    const pending = withTimeout(
      (signal) => new Promise((resolve) => signal.addEventListener("abort", () => resolve("aborted"), { once: true })),
      1000,
      parent.signal,
    );
    setTimeout(() => parent.abort(new Error("shutdown")), 10);
    await expect(pending).resolves.toBe("aborted");
  });

  it("propagates the work's own error", async () => {
    await expect(withTimeout(() => Promise.reject(new Error("model failed")), 100)).rejects.toThrow("model failed");
  });
});
