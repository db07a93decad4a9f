import { Redis } from "ioredis";
import { env } from "../env";

// BullMQ needs maxRetriesPerRequest: null so that blocking commands survive a Redis restart
// (the client keeps retrying instead of failing the worker).
export function createRedisConnection(url = env().REDIS_URL): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

// Producers (the web app, scripts) share one connection per process.
const globalForRedis = globalThis as unknown as { batonRedis?: Redis };

export function sharedRedis(): Redis {
  globalForRedis.batonRedis ??= createRedisConnection();
  return globalForRedis.batonRedis;
}
