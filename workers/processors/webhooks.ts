import type { Job } from "bullmq";
import { logger } from "@/lib/logger";
import { webhookJobSchema } from "@/lib/queues/definitions";
import { deliverWebhook } from "@/lib/webhooks/deliver-webhook";

export async function processWebhook(job: Job) {
  const data = webhookJobSchema.parse(job.data);
  const attempt = job.attemptsMade + 1;
  const result = await deliverWebhook(data, attempt);
  logger.info({ event: data.event, key: data.key, status: result.status, attempt }, "webhook delivered");
  return result;
}
