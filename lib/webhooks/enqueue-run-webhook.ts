import { logger } from "../logger";
import { enqueueWebhook } from "../queues/producers";

export interface RunResult {
  runId: string;
  workflow: string;
  workflowVersion: number;
  status: "completed" | "failed";
  output: unknown;
  error: string | null;
  finishedAt: string;
}

/** The idempotency key (and job id) of a run's one result delivery. */
export function runWebhookKey(runId: string): string {
  return `run.${runId}.finished`;
}

/**
 * Queues the POST of a finished run's result to its callback URL. The key makes a repeated
 * enqueue (a redelivered step, the reconciler) one delivery; if the enqueue is lost, the
 * reconciler finds a finished run with no delivery and queues it again.
 */
export async function enqueueRunWebhook(url: string, result: RunResult): Promise<boolean> {
  try {
    await enqueueWebhook({ url, event: `run.${result.status}`, key: runWebhookKey(result.runId), payload: { ...result } });
    return true;
  } catch (error) {
    logger.warn({ err: error, runId: result.runId }, "webhook enqueue failed; the reconciler will queue it again");
    return false;
  }
}
