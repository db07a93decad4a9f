import { Redis } from "ioredis";
import { env } from "../env";
import { logger } from "../logger";

// BullMQ needs maxRetriesPerRequest: null so that blocking commands survive a Redis restart
// (the client keeps retrying instead of failing the worker).
export function createRedisConnection(url = env().REDIS_URL): Redis {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  // ioredis emits 'error' on every failed (re)connect; with no listener it prints "[ioredis]
  // Unhandled error event" each time. The client reconnects by itself: a warning is enough.
  connection.on("error", (error: Error) => logRedisError(error));
  return connection;
}

// Producers (the web app, scripts) share one connection per process.
const globalForRedis = globalThis as unknown as { batonRedis?: Redis };

export function sharedRedis(): Redis {
  globalForRedis.batonRedis ??= createRedisConnection();
  return globalForRedis.batonRedis;
}

/** A Redis outage retries every few hundred milliseconds on every connection: one line per distinct error per this window. */
export const REDIS_ERROR_LOG_WINDOW_MS = 10_000;
const MAX_REMEMBERED_ERRORS = 100;

const lastLogged = new Map<string, { at: number; suppressed: number }>();

/**
 * Logs a Redis connection error at warn level, at most once per distinct message per
 * REDIS_ERROR_LOG_WINDOW_MS in this process (all connections together), with how many repeats
 * were left out since the last line. Returns whether it logged.
 */
export function logRedisError(error: Error, now = Date.now()): boolean {
  const key = error.message;
  const seen = lastLogged.get(key);
  if (seen && now - seen.at < REDIS_ERROR_LOG_WINDOW_MS) {
    seen.suppressed += 1;
    return false;
  }
  if (!seen && lastLogged.size >= MAX_REMEMBERED_ERRORS) {
    for (const [message, entry] of lastLogged) if (now - entry.at >= REDIS_ERROR_LOG_WINDOW_MS) lastLogged.delete(message);
    if (lastLogged.size >= MAX_REMEMBERED_ERRORS) lastLogged.clear();
  }
  lastLogged.set(key, { at: now, suppressed: 0 });
  const code = (error as NodeJS.ErrnoException).code;
  logger.warn({ error: error.message, ...(code ? { code } : {}), ...(seen?.suppressed ? { repeated: seen.suppressed } : {}) }, "redis connection error");
  return true;
}
