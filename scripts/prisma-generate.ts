// npm run db:generate — `prisma generate` never runs the schema engine, but the CLI downloads it
// first unless told where one is. Pointing it at any executable skips a download that cannot
// succeed offline; where a real engine is configured, that one is kept.
import { execFileSync } from "node:child_process";

execFileSync("npx", ["prisma", "generate"], {
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath },
});
