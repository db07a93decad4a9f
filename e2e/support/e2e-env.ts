// The environment of the end-to-end stack: its own database, queue prefix and port, so a test
// run never touches the demo's data. Shared by playwright.config.ts, the stack and the specs.
const server = new URL(process.env.BATON_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
// Several e2e runs on one machine (two checkouts, two engineers) each set their own
// BATON_E2E_DB, BATON_E2E_PORT and NEXT_DIST_DIR (next build's output folder) so none clobbers another.
server.pathname = `/${process.env.BATON_E2E_DB ?? "baton_e2e"}`;

export const E2E_PORT = Number(process.env.BATON_E2E_PORT ?? 3210);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;

export const e2eEnv = {
  DATABASE_URL: server.toString(),
  REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  BATON_QUEUE_PREFIX: process.env.BATON_E2E_DB ?? "baton_e2e",
  NEXTAUTH_URL: E2E_BASE_URL,
  NEXTAUTH_SECRET: "e2e-only-secret-not-for-production-0123456789",
  BATON_SEED_API_TOKEN: "baton_e2e_token",
  BATON_SEED_PASSWORD: "e2e-password",
  LOG_LEVEL: "warn",
};
