import { z } from "zod";

// Worker tuning beyond lib/env.ts: lock and stall timings decide how fast a crashed worker's
// jobs come back; the grace decides how long SIGTERM waits for in-flight steps.
const schema = z.object({
  // A job's lock; a worker that dies stops renewing it and the job is handed to another worker
  // after it expires (plus up to one stall check).
  BATON_STEP_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  BATON_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).default(15_000),
  // How many times a job may be recovered from a dead worker before it counts as failed (then
  // the reconciler retries it): a step that kills its worker every time must not loop forever.
  BATON_MAX_STALLED_COUNT: z.coerce.number().int().min(1).default(5),
  // SIGTERM: in-flight steps get this long to finish; then they are aborted and handed back.
  BATON_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
});

export type WorkerConfig = z.infer<typeof schema>;

export function workerConfig(environment: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = schema.safeParse(environment);
  if (!parsed.success) throw new Error(`Invalid worker environment: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
