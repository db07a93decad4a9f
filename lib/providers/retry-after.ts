/** Longest wait a Retry-After may impose on one retry: a misbehaving endpoint cannot park a run for hours. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * Reads `retry-after-ms` (OpenAI's) or `retry-after` (seconds, or an HTTP date) into
 * milliseconds; undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: Headers | Record<string, string | undefined> | undefined | null, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : (headers[name] ?? headers[name.toLowerCase()])) ?? undefined;
  const ms = get("retry-after-ms");
  if (ms !== undefined && ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return clamp(Number(ms));
  const value = get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return clamp(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : clamp(date - now);
}

function clamp(ms: number): number {
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(ms)));
}
