import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "./env";

// One client per process. Next.js dev reloads modules, so the instance lives on globalThis.
const globalForPrisma = globalThis as unknown as { batonPrisma?: PrismaClient };

export const db: PrismaClient =
  globalForPrisma.batonPrisma ??
  new PrismaClient({ adapter: new PrismaPg({ connectionString: env().DATABASE_URL, max: env().BATON_DB_POOL_SIZE }) });

if (process.env.NODE_ENV !== "production") globalForPrisma.batonPrisma = db;

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
export { Prisma } from "./generated/prisma/client";
export type * from "./generated/prisma/client";
