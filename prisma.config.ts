import { defineConfig } from "prisma/config";

// The Prisma CLI is used only for `prisma generate` (see scripts/prisma-generate.ts).
// Migrations are applied by scripts/migrate.ts through Prisma's WebAssembly schema engine,
// which works the same online and offline. Runtime queries go through lib/db.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/baton" },
});
