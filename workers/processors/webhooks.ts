import type { Job } from "bullmq";
import { logger } from "@/lib/logger";
import { webhookJobSchema } from "@/lib/queues/definitions";
import { deliverWebhook } from "@/lib/webhooks/deliver-webhook";

export async function processWebhook(job: Job) {
  const data = webhookJobSchema.parse(job.data);
  const result = await deliverWebhook(data, job.attemptsMade + 1);
  logger.info({ event: data.event, key: data.key, status: result.status, attempt: job.attemptsMade + 1 }, "webhook delivered");
  return result;
}
