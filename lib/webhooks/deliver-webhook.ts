import { createHmac } from "node:crypto";
import { env } from "../env";
import type { WebhookJob } from "../queues/definitions";

export const WEBHOOK_TIMEOUT_MS = 10_000;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the scheme Stripe made familiar. */
export function signWebhook(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const signature = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${signature}`;
}

/** POSTs one webhook; throws on a network error or a non-2xx answer so the queue retries. */
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
  const response = await fetch(job.url, { method: "POST", headers, body, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS), redirect: "manual" });
  if (response.status < 200 || response.status >= 300) throw new Error(`Webhook answered ${response.status}`);
  return { status: response.status };
}
