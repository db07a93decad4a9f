// GET /admin/audit/export?format=csv|jsonl&workflow=…&step=…&reviewer=…&action=…&from=…&to=… – the audit trail as a streamed file (signed-in session with audit:view)
import { exportDecisions } from "@/lib/audit/export-decisions";
import { getCurrentUser } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { auditFilterSchema, exportFormatSchema } from "@/lib/schemas/audit";

export const dynamic = "force-dynamic";

// A browser download from the audit page, so it authenticates the session (not an API token)
// and checks the same scope as the page.
export async function GET(request: Request): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return Response.json({ error: { code: "unauthenticated", message: "Sign in first" } }, { status: 401 });
  if (!can(user.role, "audit:view")) return Response.json({ error: { code: "forbidden", message: "You do not have permission to export the audit trail" } }, { status: 403 });
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const format = exportFormatSchema.safeParse(params.format ?? "csv");
  const filter = auditFilterSchema.safeParse(params);
  if (!format.success || !filter.success) {
    const message = [...(format.error?.issues ?? []).map(() => "format must be csv or jsonl"), ...(filter.error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`)].join("; ");
    return Response.json({ error: { code: "invalid_query", message } }, { status: 400 });
  }
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(":", "-");
  return new Response(exportDecisions(filter.data, format.data), {
    headers: {
      "content-type": format.data === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="baton-decisions-${stamp}.${format.data}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
