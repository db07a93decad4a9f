// npm run db:migrate — applies prisma/migrations to DATABASE_URL (creating the database if it
// does not exist), exactly as `prisma migrate deploy` would, recorded in _prisma_migrations.
import "./lib/load-env";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { ensureDatabase } from "./lib/ensure-database";
import { MIGRATIONS_DIR, SCHEMA_PATH, openSchemaEngine } from "./lib/schema-engine";

export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  const schemaText = await readFile(SCHEMA_PATH, "utf8");
  const engine = await openSchemaEngine(databaseUrl, schemaText);
  try {
    const dirs = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    const migrationDirectories = await Promise.all(
      dirs.map(async (dir) => ({
        path: dir,
        migrationFile: {
          path: "migration.sql",
          content: { tag: "ok" as const, value: await readFile(path.join(MIGRATIONS_DIR, dir, "migration.sql"), "utf8") },
        },
      })),
    );
    const lockfile = await readFile(path.join(MIGRATIONS_DIR, "migration_lock.toml"), "utf8");
    const result = await engine.applyMigrations({
      migrationsList: {
        baseDir: MIGRATIONS_DIR,
        lockfile: { path: "migration_lock.toml", content: lockfile },
        shadowDbInitScript: "",
        migrationDirectories,
      },
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.appliedMigrationNames;
  } finally {
    engine.free();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (copy .env.example to .env)");
  applyMigrations(url)
    .then((applied) => {
      console.info(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database is up to date.");
      // The adapter's pool would keep the process alive until its idle timeout.
      process.exit(0);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
