// Prisma's own schema engine, compiled to WebAssembly and driven through the pg driver adapter.
// Unlike the Prisma CLI it needs no native binary download, so migrations behave the same on a
// machine without internet access and on one with it.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

const require = createRequire(import.meta.url);

export const SCHEMA_PATH = path.resolve("prisma/schema.prisma");
export const MIGRATIONS_DIR = path.resolve("prisma/migrations");

export async function openSchemaEngine(
  databaseUrl: string,
  schemaText: string,
  log: (message: string) => void = () => {},
): Promise<SchemaEngine> {
  const packageDir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  // The package imports its .wasm the way bundlers do, which Node rejects: instantiate it ourselves.
  const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const bytes = await readFile(path.join(packageDir, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg as never });
  (bg as unknown as { __wbg_set_wasm(exports: WebAssembly.Exports): void }).__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();

  const adapterFactory = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: databaseUrl }));
  return bg.SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schemaText]] }, log, adapterFactory);
}
