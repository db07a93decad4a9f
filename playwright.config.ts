import { defineConfig } from "@playwright/test";
import { E2E_BASE_URL, e2eEnv } from "./e2e/support/e2e-env";

// Specs talk to the same database as the stack (to set up fixtures and check results).
Object.assign(process.env, e2eEnv);

export default defineConfig({
  testDir: "e2e",
  // One worker: the specs share one review queue, and claims must be predictable.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    launchOptions: {
      // Playwright cannot download its own browsers here: use the system Chromium.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: "npx tsx e2e/support/start-stack.ts",
    url: `${E2E_BASE_URL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: "SIGTERM", timeout: 5000 },
    stdout: "pipe",
  },
});
