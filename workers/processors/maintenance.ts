import type { Job } from "bullmq";
import { rollUpDashboard } from "@/lib/dashboard/roll-up-dashboard";
import { reconcileRuns, redriveWebhooks, sweepDeadlines } from "@/lib/engine/reconcile-runs";
import type { WorkflowRegistry } from "@/lib/engine/registry";
import { maintenanceJobNames, type MaintenanceJobName } from "@/lib/queues/definitions";
import { enqueueDashboardRollUp } from "@/lib/queues/producers";
import { releaseExpiredLeases } from "@/lib/review/release-expired-leases";
import { resumeStalledDecisions } from "@/lib/review/resume-stalled-decisions";
import { sweepSla } from "@/lib/review/sweep-sla";

export function createMaintenanceProcessor(registry: WorkflowRegistry) {
  const handlers: Record<MaintenanceJobName, () => Promise<number>> = {
    "sweep-sla": async () => {
      const result = await sweepSla();
      return result.atRisk + result.escalated.length;
    },
    "release-expired-leases": () => releaseExpiredLeases(),
    // PostgreSQL re-drives Redis: decided reviews, stalled runs, workflow deadlines, lost webhooks.
    "reconcile-runs": async () =>
      (await resumeStalledDecisions()) + (await reconcileRuns(registry)) + (await sweepDeadlines(registry)) + (await redriveWebhooks(registry)),
    // Sums closed hours of the dashboard's figures; while history is left, the next pass follows at once.
    "roll-up-dashboard": async () => {
      const result = await rollUpDashboard();
      if (!result.caughtUp) await enqueueDashboardRollUp(`${result.rolledFrom?.getTime()}-${result.rolledTo?.getTime()}`);
      return result.hoursRecomputed;
    },
  };
  return async (job: Job) => {
    if (!(maintenanceJobNames as readonly string[]).includes(job.name)) throw new Error(`Unknown maintenance job "${job.name}"`);
    return handlers[job.name as MaintenanceJobName]();
  };
}
