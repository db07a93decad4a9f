// Playwright's webServer: a fresh database (dropped, migrated, seeded), empty queues, then the
// built web app (`next start`) and the workers, exactly as they run in production.
import { spawn } from "node:child_process";
import { Redis } from "ioredis";
import pg from "pg";
import { E2E_PORT, e2eEnv } from "./e2e-env";

Object.assign(process.env, e2eEnv);

async function resetDatabase() {
  const url = new URL(e2eEnv.DATABASE_URL);
  const name = url.pathname.slice(1);
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
  const { applyMigrations } = await import("../../scripts/migrate");
  await applyMigrations(e2eEnv.DATABASE_URL);
  const { seed } = await import("../../scripts/seed");
  await seed();
}

async function resetQueues() {
  const redis = new Redis(e2eEnv.REDIS_URL);
  const keys = await redis.keys(`${e2eEnv.BATON_QUEUE_PREFIX}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}

await resetDatabase();
await resetQueues();

const children = [
  spawn("npx", ["next", "start", "-p", String(E2E_PORT)], { stdio: "inherit", env: process.env }),
  spawn("npx", ["tsx", "workers/index.ts"], { stdio: "inherit", env: process.env }),
];
const stop = () => {
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
for (const child of children) child.on("exit", (code) => code && code !== 0 && process.exit(code));
