// GET /api/v1/runs/{id} – a run's status and, once finished, its output
import { apiRoute } from "@/lib/api/api-route";
import { getRunView } from "@/lib/runs/get-run-view";

export const GET = apiRoute<{ id: string }>("runs:read", async (_request, { params }) => Response.json(await getRunView(params.id)));
