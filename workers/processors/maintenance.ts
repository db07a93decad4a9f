import type { Job } from "bullmq";
import { reconcileRuns } from "@/lib/engine/reconcile-runs";
import type { WorkflowRegistry } from "@/lib/engine/registry";
import { maintenanceJobNames, type MaintenanceJobName } from "@/lib/queues/definitions";
import { releaseExpiredLeases } from "@/lib/review/release-expired-leases";

export function createMaintenanceProcessor(registry: WorkflowRegistry) {
  const handlers: Record<MaintenanceJobName, () => Promise<number>> = {
    "release-expired-leases": () => releaseExpiredLeases(),
    "reconcile-runs": () => reconcileRuns(registry),
  };
  return async (job: Job) => {
    if (!(maintenanceJobNames as readonly string[]).includes(job.name)) throw new Error(`Unknown maintenance job "${job.name}"`);
    return handlers[job.name as MaintenanceJobName]();
  };
}
