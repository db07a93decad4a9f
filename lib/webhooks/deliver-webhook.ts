import { createHmac, timingSafeEqual } from "node:crypto";
import { db } from "../db";
import { env } from "../env";
import { logger } from "../logger";
import type { WebhookJob } from "../queues/definitions";
import { isUuid } from "../text/is-uuid";

export const WEBHOOK_TIMEOUT_MS = 10_000;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the scheme Stripe made familiar. */
export function signWebhook(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const signature = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${signature}`;
}

/**
 * What a receiver does with the `Baton-Signature` header: recompute the HMAC over `<t>.<raw
 * body>` with the shared secret, compare in constant time, and refuse old timestamps (replays).
 */
export function verifyWebhookSignature(body: string, header: string | null, secret: string, toleranceSeconds = 300, now = Date.now()): boolean {
  const parts = Object.fromEntries((header ?? "").split(",").map((part) => part.split("=", 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || !parts.v1 || Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(body, secret, timestamp).split("v1=")[1]!, "hex");
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}


/**
 * POSTs one webhook attempt and records it (WebhookDelivery: status code or error, duration);
 * throws on a network error or a non-2xx answer so the queue retries with backoff. The
 * Idempotency-Key header is the same on every attempt of one delivery.
 */
export async function deliverWebhook(job: WebhookJob, attempt: number): Promise<{ status: number }> {
  const body = JSON.stringify({ event: job.event, id: job.key, data: job.payload });
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "Baton-Webhooks/1",
    "idempotency-key": job.key,
    "baton-delivery-attempt": String(attempt),
  };
  const secret = env().BATON_WEBHOOK_SECRET;
  if (secret) headers["baton-signature"] = signWebhook(body, secret);
  else logger.warn({ key: job.key }, "BATON_WEBHOOK_SECRET is not set: the webhook goes out unsigned");

  const started = Date.now();
  let status: number | null = null;
  let failure: string | null = null;
  try {
    const response = await fetch(job.url, { method: "POST", headers, body, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS), redirect: "manual" });
    status = response.status;
    await response.body?.cancel().catch(() => undefined);
    if (status < 200 || status >= 300) failure = `Webhook answered ${status}`;
  } catch (error) {
    failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  await recordDelivery(job, attempt, status, failure, Date.now() - started);
  if (failure) throw new Error(failure);
  return { status: status! };
}

async function recordDelivery(job: WebhookJob, attempt: number, statusCode: number | null, error: string | null, durationMs: number): Promise<void> {
  const runId = isUuid(job.payload.runId) ? job.payload.runId : null;
  try {
    await db.webhookDelivery.create({ data: { runId, url: job.url, event: job.event, key: job.key, attempt, statusCode, error: error?.slice(0, 1000) ?? null, durationMs } });
  } catch (recordError) {
    // The delivery itself happened (or failed) either way; a lost record must not resend it.
    logger.warn({ err: recordError, key: job.key, attempt }, "could not record the webhook delivery");
  }
}
