// npm run fault:postgres — a manual fault drill, not part of `npm test`: it restarts the local
// PostgreSQL server (everyone's on this machine) in the middle of a load of customer-support runs,
// then checks that every run finished and no step committed twice. Needs pg_ctlcluster (Debian).
import { spawn, execFileSync } from "node:child_process";
import { dropBenchState, prepareBenchDatabase } from "../bench/bench-env";

const RUNS = 300;
await prepareBenchDatabase();
const { db } = await import("@/lib/db");
const { submitRun } = await import("@/lib/engine/submit-run");
const { workflowRegistry } = await import("@/lib/workflows");
const { loadBanking77 } = await import("@/lib/models/banking77");

// Workers in their own process, as in production; auto-accept everything so runs go end to end.
const worker = spawn("npx", ["tsx", "workers/index.ts"], {
  env: { ...process.env, LOG_LEVEL: "silent", BATON_RECONCILE_STALE_MS: "5000" },
  stdio: "inherit",
  // Its own process group, so the whole tree (npx → tsx → node) can be stopped at the end.
  detached: true,
});
try {
  await new Promise((resolve) => setTimeout(resolve, 6000));
  const messages = loadBanking77().heldOut;
  const ids: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    if (i === RUNS / 2) {
      console.info("Restarting PostgreSQL…");
      const cluster = execFileSync("ls", ["/etc/postgresql"], { encoding: "utf8" }).trim().split("\n")[0]!;
      execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", cluster, "main", "restart"], { stdio: "inherit" });
    }
    for (;;) {
      try {
        ids.push((await submitRun(workflowRegistry, { workflowName: "customer-support", input: { message: messages[i % messages.length]!.text } })).id);
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200)); // PostgreSQL is coming back
      }
    }
  }
  const deadline = Date.now() + 120_000;
  let open = RUNS;
  while (Date.now() < deadline) {
    open = await db.run.count({ where: { id: { in: ids }, status: { in: ["queued", "running"] } } });
    if (open === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const failed = await db.run.count({ where: { id: { in: ids }, status: "failed" } });
  const byStatus = await db.run.groupBy({ by: ["status"], where: { id: { in: ids } }, _count: true });
  const [{ duplicates }] = await db.$queryRaw<{ duplicates: bigint }[]>`
    SELECT count(*) AS duplicates FROM (SELECT run_id, step_id FROM run_steps GROUP BY 1, 2 HAVING count(*) > 1) AS d`;
  console.log(JSON.stringify({ runs: RUNS, stillOpen: open, failed, duplicateStepCommits: Number(duplicates), byStatus: Object.fromEntries(byStatus.map((s) => [s.status, s._count])) }));
  process.exitCode = open === 0 && failed === 0 ? 0 : 1;
} finally {
  process.kill(-worker.pid!, "SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await dropBenchState();
}
