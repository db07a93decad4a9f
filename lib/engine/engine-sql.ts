import pg from "pg";
import { env } from "../env";
import { logger } from "../logger";

// The engine's hot path — load a run, commit a step and move the run — is two statements per step.
// They go through node-postgres with NAMED prepared statements: PostgreSQL parses and plans each
// once per connection instead of on every step. Prisma's raw queries cannot be prepared, and with
// the commit statement's four CTEs the planning was about half its cost (measured: 0.87 ms per
// commit through Prisma, 0.37 ms prepared). Everything else uses Prisma (lib/db.ts).

const globalForPool = globalThis as unknown as { batonEnginePool?: pg.Pool };

function createPool(): pg.Pool {
  const size = Number(process.env.BATON_ENGINE_DB_POOL_SIZE) || env().BATON_DB_POOL_SIZE;
  const pool = new pg.Pool({ connectionString: env().DATABASE_URL, max: size, allowExitOnIdle: true, idleTimeoutMillis: 10_000 });
  // An idle connection dropped by the server (a restart) must not crash the worker: the pool
  // replaces it on the next query.
  pool.on("error", (error) => logger.warn({ err: error }, "engine database connection lost"));
  return pool;
}

export function enginePool(): pg.Pool {
  globalForPool.batonEnginePool ??= createPool();
  return globalForPool.batonEnginePool;
}

/** Runs a named, prepared statement: `name` must always go with the same `text`. */
export async function engineQuery<Row extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<Row[]> {
  const result = await enginePool().query<Row>({ name, text, values });
  return result.rows;
}

export async function closeEnginePool(): Promise<void> {
  const pool = globalForPool.batonEnginePool;
  globalForPool.batonEnginePool = undefined;
  await pool?.end();
}
