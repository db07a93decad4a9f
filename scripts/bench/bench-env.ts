// Every benchmark runs on a database and a queue prefix of its own (created fresh, migrated,
// dropped at the end), on the servers named by DATABASE_URL and REDIS_URL. Import this first.
import "../lib/load-env";
import { parseArgs } from "node:util";

const base = new URL(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
base.pathname = `/baton_bench_${process.pid}`;
process.env.DATABASE_URL = base.toString();
process.env.BATON_QUEUE_PREFIX = `baton_bench_${process.pid}`;
process.env.LOG_LEVEL = "silent";
process.env.BATON_DB_POOL_SIZE ??= "40";

type ArgSpec = Record<string, { type: "string"; default: string }>;

/** `--name value` options with defaults, plus `--json` for one machine-readable line. */
export function benchArgs<T extends ArgSpec>(options: T): Record<keyof T, string> & { json: boolean } {
  const { values } = parseArgs({ options: { ...options, json: { type: "boolean", default: false } }, allowPositionals: false });
  return values as unknown as Record<keyof T, string> & { json: boolean };
}

export async function prepareBenchDatabase(): Promise<void> {
  const { applyMigrations } = await import("../migrate");
  await applyMigrations(process.env.DATABASE_URL!);
}

export async function dropBenchState(): Promise<void> {
  const { closeDb } = await import("@/lib/db");
  const { closeQueues } = await import("@/lib/queues/producers");
  const { sharedRedis } = await import("@/lib/queues/connection");
  await closeQueues();
  const redis = sharedRedis();
  const keys = await redis.keys(`${process.env.BATON_QUEUE_PREFIX}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await closeDb();
  const pg = (await import("pg")).default;
  const url = new URL(process.env.DATABASE_URL!);
  const name = url.pathname.slice(1);
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

export function report(result: Record<string, number>, json: boolean, label: string): void {
  if (json) console.log(JSON.stringify(result));
  else console.info(`${label}\n${Object.entries(result).map(([k, v]) => `  ${k}: ${v}`).join("\n")}`);
}
