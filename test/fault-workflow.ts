import { z } from "zod";
import { defineWorkflow, fixedRetry } from "@/lib/engine/define-workflow";

// The workflow the fault tests drive through real worker processes: three steps that take a
// little while (so a kill lands mid-step), each honouring its abort signal.

const faultInput = z.object({ n: z.number(), ms: z.number().optional() });
type FaultInput = z.infer<typeof faultInput>;

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason ?? new Error("aborted"));
    });
  });
}

// Step one (always a job of its own) may be made long; two and three are short enough to run
// inline in the job of the step before them (timeout under half the reconciler's staleness).
const step = (id: string) => ({
  kind: "handler" as const,
  id,
  timeoutMs: id === "one" ? 30_000 : 1_000,
  retry: fixedRetry(3, 100),
  run: async ({ input, signal }: { input: FaultInput; signal: AbortSignal }) => {
    // `ms` slows the first step only (the shutdown test needs one long step).
    await pause(id === "one" && input.ms ? input.ms : 20 + Math.floor(Math.random() * 60), signal);
    return { output: { step: id, pid: process.pid } };
  },
});

export const faultWorkflow = defineWorkflow({
  name: "t-fault",
  version: 1,
  description: "three slow-ish steps",
  input: faultInput,
  steps: [step("one"), step("two"), step("three")],
});
