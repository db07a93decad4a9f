import { z } from "zod";

// Every queue Baton uses, its job payloads and their schemas: producers and processors both
// import from here, and processors parse each payload before handling it.

export const STEP_QUEUE = "steps";
export const MAINTENANCE_QUEUE = "maintenance";
export const WEBHOOK_QUEUE = "webhooks";

export const stepJobSchema = z.object({
  runId: z.string().uuid(),
  stepId: z.string().min(1),
});
export type StepJob = z.infer<typeof stepJobSchema>;

export const maintenanceJobNames = ["sweep-sla", "release-expired-leases", "reconcile-runs", "roll-up-dashboard"] as const;
export type MaintenanceJobName = (typeof maintenanceJobNames)[number];
export const maintenanceJobSchema = z.object({}).strict();

// A step job's id is derived from the run and step, so enqueueing the same step twice (a retry
// after a crash, the reconciler, a duplicate resume) is absorbed by BullMQ instead of running twice.
// BullMQ forbids ":" in custom ids.
export function stepJobId({ runId, stepId }: StepJob): string {
  return `${runId}.${stepId}`;
}

export const webhookJobSchema = z.object({
  url: z.string().url(),
  event: z.string().min(1),
  /** Stable per logical delivery: the job id and the receiver's idempotency key. */
  key: z.string().min(1),
  payload: z.record(z.string(), z.unknown()),
});
export type WebhookJob = z.infer<typeof webhookJobSchema>;
