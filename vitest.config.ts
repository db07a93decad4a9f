import path from "node:path";
import { defineConfig } from "vitest/config";

// Integration tests get a database and a queue prefix of their own for each run (created and
// migrated by test/global-setup.ts, dropped afterwards), on the same servers as DATABASE_URL
// and REDIS_URL. Workers inherit these variables from this process.
const runId = `${Date.now().toString(36)}_${process.pid}`;
const server = new URL(process.env.BATON_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
server.pathname = `/baton_test_${runId}`;
process.env.DATABASE_URL = server.toString();
process.env.BATON_QUEUE_PREFIX = `baton_test_${runId}`;
process.env.LOG_LEVEL ??= "silent";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{lib,app,workers,scripts}/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["{lib,app,workers,scripts}/**/*.integration.test.ts"],
          globalSetup: ["test/global-setup.ts"],
          // Files share one database and one set of queues: run them one after another.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
