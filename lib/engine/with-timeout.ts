export class StepTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`Step timed out after ${timeoutMs} ms`);
    this.name = "StepTimeoutError";
  }
}

/**
 * Runs `work` with a deadline. On expiry the signal handed to `work` is aborted, so a step that
 * passes it on (fetch, SDK calls) really stops instead of running on in the background.
 */
export async function withTimeout<T>(work: (signal: AbortSignal) => Promise<T> | T, timeoutMs: number, parent?: AbortSignal): Promise<T> {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent?.reason);
  parent?.addEventListener("abort", onParentAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new StepTimeoutError(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => work(controller.signal)), deadline]);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener("abort", onParentAbort);
  }
}
