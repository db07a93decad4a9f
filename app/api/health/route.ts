// GET /api/health – liveness of the web app and its PostgreSQL and Redis connections
import { db } from "@/lib/db";
import { sharedRedis } from "@/lib/queues/connection";

export const dynamic = "force-dynamic";

export async function GET() {
  const checks = await Promise.allSettled([db.$queryRaw`SELECT 1`, sharedRedis().ping()]);
  const [postgres, redis] = checks.map((check) => check.status === "fulfilled");
  return Response.json({ ok: postgres && redis, postgres, redis }, { status: postgres && redis ? 200 : 503 });
}
