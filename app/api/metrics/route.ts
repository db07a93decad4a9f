// GET /api/metrics – Prometheus metrics (queue depth, SLA breaches, decisions, runs, step latency), bearer token with metrics:read
import { apiRoute } from "@/lib/api/api-route";
import { collectMetrics } from "@/lib/metrics/collect-metrics";

export const dynamic = "force-dynamic";

export const GET = apiRoute("metrics:read", async () => {
  return new Response(await collectMetrics(), { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" } });
});
