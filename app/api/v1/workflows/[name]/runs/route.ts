// POST /api/v1/workflows/{name}/runs – submit a run ({ input, callbackUrl? }); an Idempotency-Key header makes retries safe
import { apiRoute, readJsonBody } from "@/lib/api/api-route";
import { isHttpUrl, MAX_CALLBACK_URL_LENGTH, submitRun } from "@/lib/engine/submit-run";
import { invalid } from "@/lib/errors";
import { workflowRegistry } from "@/lib/workflows";

const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

export const POST = apiRoute<{ name: string }>("runs:write", async (request, { caller, params }) => {
  const idempotencyKey = request.headers.get("idempotency-key");
  if (idempotencyKey !== null && (idempotencyKey.trim() === "" || idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH)) {
    throw invalid(`Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`, "invalid_idempotency_key");
  }
  const body = await readJsonBody(request);
  if (!("input" in body)) throw invalid('The body needs an "input" object, e.g. {"input": {"message": "..."}}', "missing_input");
  const callbackUrl = body.callbackUrl ?? null;
  if (callbackUrl !== null && (typeof callbackUrl !== "string" || !isHttpUrl(callbackUrl))) {
    throw invalid(`callbackUrl must be an http:// or https:// URL of at most ${MAX_CALLBACK_URL_LENGTH} characters`, "invalid_callback_url");
  }

  const run = await submitRun(workflowRegistry, {
    workflowName: params.name,
    input: body.input,
    idempotencyKey,
    apiTokenId: caller.tokenId,
    callbackUrl,
  });
  return Response.json(
    { id: run.id, status: run.status, workflow: run.workflowName, workflowVersion: run.workflowVersion, links: { self: `/api/v1/runs/${run.id}` } },
    // A replay answers exactly like the first request, flagged the way Stripe does.
    { status: 202, headers: { Location: `/api/v1/runs/${run.id}`, ...(run.created ? {} : { "Idempotent-Replayed": "true" }) } },
  );
});
