// npm run demo — one command from a fresh clone to a working demo: .env, migrations, demo users,
// a production build, the web app and the workers, and real traffic filling the review queue.
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";
import { parseArgs } from "node:util";

if (!existsSync(".env")) {
  copyFileSync(".env.example", ".env");
  console.info("Created .env from .env.example (demo settings).");
}
await import("./lib/load-env");

const { values } = parseArgs({
  options: { port: { type: "string", default: "3000" }, runs: { type: "string", default: "60" }, "skip-build": { type: "boolean", default: false } },
});
const port = Number(values.port);
const baseUrl = `http://localhost:${port}`;
// next-auth builds its callback URLs from NEXTAUTH_URL: keep it in line with the port in use.
process.env.NEXTAUTH_URL = baseUrl;
// Keep the terminal readable: warnings only, unless asked (LOG_LEVEL=info shows every step attempt).
process.env.LOG_LEVEL ??= "warn";

const children: ChildProcess[] = [];

function run(command: string, args: string[], options: { wait: boolean; label: string }): Promise<void> {
  const child = spawn(command, args, { stdio: "inherit", env: process.env });
  if (!options.wait) {
    children.push(child);
    child.on("exit", (code) => {
      if (!shuttingDown) {
        console.error(`${options.label} exited (code ${code}); stopping the demo.`);
        shutdown(1);
      }
    });
    return Promise.resolve();
  }
  return new Promise((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${options.label} failed with exit code ${code}`)))),
  );
}

let shuttingDown = false;
function shutdown(code = 0) {
  shuttingDown = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 2000).unref();
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

async function waitForHealth(timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The web app did not become healthy at ${baseUrl}/api/health`);
}

try {
  await run("npx", ["tsx", "scripts/migrate.ts"], { wait: true, label: "Migrations" });
  await run("npx", ["tsx", "scripts/seed.ts"], { wait: true, label: "Seeding" });
  if (!values["skip-build"]) await run("npx", ["next", "build"], { wait: true, label: "next build" });
  await run("npx", ["next", "start", "-p", String(port)], { wait: false, label: "Web app" });
  await run("npx", ["tsx", "workers/index.ts"], { wait: false, label: "Workers" });
  await waitForHealth();

  const { sendDemoTraffic } = await import("./demo-traffic");
  const token = process.env.BATON_SEED_API_TOKEN!;
  await sendDemoTraffic({ baseUrl, token, count: Number(values.runs), intervalMs: 0 });
  const { DEMO_USERS } = await import("./seed");
  const password = process.env.BATON_SEED_PASSWORD || "baton-demo";
  console.info(
    [
      "",
      `Baton is running at ${baseUrl}`,
      `Submitted ${values.runs} customer messages; low-confidence and sensitive ones are waiting for review.`,
      "Demo sign-ins (demo only, password for all: " + password + "):",
      ...DEMO_USERS.map((user) => `  ${user.role.padEnd(16)} ${user.email}`),
      `API token (demo only): ${token}`,
      "A new message arrives every 20 seconds. Press Ctrl+C to stop.",
      "",
    ].join("\n"),
  );
  // Keep a trickle going so the queue and dashboard stay alive.
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    if (shuttingDown) break;
    await sendDemoTraffic({ baseUrl, token, count: 1, intervalMs: 0 }).catch((error) => console.warn(`Demo traffic: ${error.message}`));
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  shutdown(1);
}
