import { UserFacingError } from "../errors";
import { logger } from "../logger";
import { authenticateApiToken, type ApiCaller, type ApiScope } from "./api-tokens";

export const MAX_JSON_BODY_BYTES = 64 * 1024;

export function jsonError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

type RouteContext<Params> = { params: Promise<Params> };

/**
 * Wraps a machine-facing route: bearer-token auth with a required scope, then the handler; any
 * UserFacingError becomes its 4xx with a JSON body, and anything unexpected a logged 500.
 */
export function apiRoute<Params>(
  scope: ApiScope,
  handler: (request: Request, context: { caller: ApiCaller; params: Params }) => Promise<Response>,
): (request: Request, context: RouteContext<Params>) => Promise<Response> {
  return async (request, context) => {
    try {
      const secret = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
      if (!secret) return jsonError(401, "unauthenticated", "Send an API token: Authorization: Bearer <token>");
      const caller = await authenticateApiToken(secret);
      if (!caller) return jsonError(401, "unauthenticated", "The API token is not valid or has been revoked");
      if (!caller.scopes.includes(scope)) return jsonError(403, "forbidden", `The API token lacks the "${scope}" scope`);
      return await handler(request, { caller, params: await context.params });
    } catch (error) {
      if (error instanceof UserFacingError) return jsonError(error.status, error.code, error.message);
      logger.error({ err: error, url: request.url }, "API route failed");
      return jsonError(500, "internal_error", "Something went wrong on our side");
    }
  };
}

/** Reads a JSON object body, refusing wrong content types, oversized bodies and malformed JSON. */
export async function readJsonBody(request: Request, limit = MAX_JSON_BODY_BYTES): Promise<Record<string, unknown>> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(contentType)) {
    throw new UserFacingError("Send the body as JSON with Content-Type: application/json", 415, "unsupported_media_type");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw new UserFacingError(`The body is larger than ${limit} bytes`, 413, "payload_too_large");
  const text = await readLimited(request, limit);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new UserFacingError("The body is not valid JSON", 400, "invalid_json");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new UserFacingError("The body must be a JSON object", 400, "invalid_body");
  }
  return body as Record<string, unknown>;
}

// Content-Length can be absent or wrong (chunked uploads): count the bytes as they arrive.
async function readLimited(request: Request, limit: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new UserFacingError(`The body is larger than ${limit} bytes`, 413, "payload_too_large");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
