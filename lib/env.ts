import { z } from "zod";

// All configuration comes from the environment (see .env.example); parsed once, with clear errors.
const envSchema = z.object({
  DATABASE_URL: z.string().url().default("postgresql://postgres@127.0.0.1:5432/baton"),
  // Connections each process keeps to PostgreSQL.
  BATON_DB_POOL_SIZE: z.coerce.number().int().positive().default(10),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  // Prefix of every BullMQ key, so several Baton installs (or test runs) can share one Redis.
  BATON_QUEUE_PREFIX: z.string().min(1).default("baton"),
  BATON_STEP_CONCURRENCY: z.coerce.number().int().positive().default(8),
  BATON_REVIEW_LEASE_SECONDS: z.coerce.number().int().positive().default(300),
  // Optional: escalations are also POSTed here, signed with BATON_WEBHOOK_SECRET (HMAC-SHA256).
  BATON_ESCALATION_WEBHOOK_URL: z.string().url().optional(),
  BATON_WEBHOOK_SECRET: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      throw new Error(`Invalid environment: ${z.prettifyError(parsed.error)}`);
    }
    cached = parsed.data;
  }
  return cached;
}
