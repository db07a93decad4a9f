// npm run bench:resume -- [--decisions 300] --json
// Decision → run resumed: the time from a reviewer's decision to the start of the step after the
// gate, with the real workers running in this process.
import { benchArgs, dropBenchState, percentile, prepareBenchDatabase, report, round } from "./bench-env";

const args = benchArgs({ decisions: { type: "string", default: "300" } });
const count = Number(args.decisions);

await prepareBenchDatabase();
const { db } = await import("@/lib/db");
const { submitRun } = await import("@/lib/engine/submit-run");
const { claimNextItem } = await import("@/lib/review/claim-next-item");
const { recordDecision } = await import("@/lib/review/record-decision");
const { saveGateSettings } = await import("@/lib/settings/gate-settings");
const { workflowRegistry } = await import("@/lib/workflows");
const { startWorkers } = await import("@/workers/start-workers");
const { getBuiltInIntentClassifier } = await import("@/lib/models/intent-classifier");
const { loadBanking77 } = await import("@/lib/models/banking77");

getBuiltInIntentClassifier();
const workers = await startWorkers(workflowRegistry, { maintenance: false });
try {
  const reviewer = await db.user.create({ data: { email: "bench@bench.local", name: "Bench", role: "senior_reviewer", passwordHash: "x" } });
  // Every run to review: auto threshold above any confidence.
  await saveGateSettings({
    workflowName: "customer-support",
    stepId: "review_gate",
    thresholds: { autoThreshold: 1, reviewThreshold: 0.5, normalSlaMinutes: 120, lowSlaMinutes: 360, sensitiveSlaMinutes: 30 },
    actorId: reviewer.id,
  });
  const messages = loadBanking77().heldOut;
  const runIds: string[] = [];
  for (let i = 0; i < count; i++) {
    runIds.push((await submitRun(workflowRegistry, { workflowName: "customer-support", input: { message: messages[i % messages.length]!.text } })).id);
  }
  while ((await db.run.count({ where: { status: "waiting_for_review" } })) < count) await new Promise((r) => setTimeout(r, 100));

  // Decide one at a time, as a reviewer does: the latency is the system's, not a queue of our own making.
  const decidedAt = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const item = await claimNextItem({ reviewerId: reviewer.id, tiers: ["standard", "senior"] });
    if (!item) break;
    const epochBefore = Date.now();
    const { runId } = await recordDecision({ itemId: item.id, reviewerId: reviewer.id, decision: { action: "approved" } });
    decidedAt.set(runId, epochBefore);
    // Four-eyes items need a second decision; the bench measures single-decision resumes only.
    const pending = await db.reviewItem.findUnique({ where: { id: item.id }, select: { status: true } });
    if (pending?.status !== "decided") {
      decidedAt.delete(runId);
      await db.reviewItem.update({ where: { id: item.id }, data: { status: "decided" } });
    }
  }
  while ((await db.run.count({ where: { id: { in: [...decidedAt.keys()] }, status: { not: "completed" } } })) > 0) await new Promise((r) => setTimeout(r, 100));
  const next = await db.runStep.findMany({ where: { runId: { in: [...decidedAt.keys()] }, stepId: "deliver" }, select: { runId: true, startedAt: true } });
  const latencies = next.map((step) => step.startedAt.getTime() - decidedAt.get(step.runId)!).sort((a, b) => a - b);
  report({ decisions: latencies.length, resumeP50Ms: round(percentile(latencies, 50)), resumeP99Ms: round(percentile(latencies, 99)) }, args.json, "Resume benchmark (decision → next step started)");
} finally {
  await workers.close();
  await dropBenchState();
}
