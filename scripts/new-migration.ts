// npm run db:migration:new -- <name> — writes prisma/migrations/<timestamp>_<name>/migration.sql with
// the SQL that takes the schema as last committed (git HEAD) to prisma/schema.prisma as it is now.
// Needs no database and no shadow database: the diff is schema-to-schema.
import "./lib/load-env";
import { execFileSync } from "node:child_process";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { MIGRATIONS_DIR, SCHEMA_PATH, openSchemaEngine } from "./lib/schema-engine";

async function main() {
  const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]+/gi, "_").toLowerCase();
  if (!name) throw new Error("usage: npm run db:migration:new -- <name>");
  const current = await readFile(SCHEMA_PATH, "utf8");
  const existing = (await readdir(MIGRATIONS_DIR).catch(() => [])).filter((d) => /^\d/.test(d));
  const from = existing.length === 0 ? { tag: "empty" as const } : { tag: "schemaDatamodel" as const, files: [{ path: SCHEMA_PATH, content: committedSchema() }] };
  const engine = await openSchemaEngine(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres", current);
  try {
    const { stdout } = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: current }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    const sql = stdout ?? "";
    if (!sql.trim() || /^-- This is an empty migration/m.test(sql)) {
      console.info("No schema changes since the last commit.");
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "migration.sql"), sql);
    await writeFile(path.join(MIGRATIONS_DIR, "migration_lock.toml"), 'provider = "postgresql"\n');
    console.info(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  } finally {
    engine.free();
  }
}

function committedSchema(): string {
  return execFileSync("git", ["show", "HEAD:prisma/schema.prisma"], { encoding: "utf8" });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
