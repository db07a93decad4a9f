import { EventEmitter } from "node:events";

/**
 * In-process notice that a run finished, emitted by the worker right after the commit. For
 * in-process observers (the step benchmark measures latency with it); other processes poll
 * PostgreSQL or receive the webhook.
 */
export interface RunFinished {
  runId: string;
  status: "completed" | "failed";
}

const globalForEvents = globalThis as unknown as { batonRunEvents?: EventEmitter };
export const runEvents: EventEmitter = (globalForEvents.batonRunEvents ??= new EventEmitter().setMaxListeners(0));

export function onRunFinished(listener: (event: RunFinished) => void): () => void {
  runEvents.on("finished", listener);
  return () => runEvents.off("finished", listener);
}
