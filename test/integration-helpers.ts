// Helpers for *.integration.test.ts: real PostgreSQL and Redis, no mocks.
import { randomUUID } from "node:crypto";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { getBuiltInIntentClassifier } from "@/lib/models/intent-classifier";
import { loadBanking77 } from "@/lib/models/banking77";
import { assessSensitivity } from "@/lib/models/sensitivity";

export async function createUser(role: Role, name = `${role} ${randomUUID().slice(0, 8)}`) {
  return db.user.create({
    data: { email: `${randomUUID()}@test.local`, name, role, passwordHash: await hashPassword("test-password") },
  });
}

export async function waitForRun(runId: string, statuses: string[], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
    if (statuses.includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`Run ${runId} is ${run.status} (at ${run.currentStepId}), expected ${statuses.join("/")}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Real held-out customer messages, picked by what the real model says about them, so tests can
 * drive each route of the gate without hard-coding a confidence.
 */
export function pickMessages() {
  const classifier = getBuiltInIntentClassifier();
  const scored = loadBanking77().heldOut.map(({ text }) => {
    const prediction = classifier.predict(text);
    return { text, ...prediction, sensitive: assessSensitivity({ message: text, intent: prediction.intent }).sensitive };
  });
  const find = (predicate: (m: (typeof scored)[number]) => boolean, what: string) => {
    const found = scored.filter(predicate);
    if (found.length === 0) throw new Error(`No held-out message is ${what}`);
    return found;
  };
  return {
    confident: find((m) => !m.sensitive && m.confidence >= 0.9, "confident and not sensitive"),
    unsure: find((m) => !m.sensitive && m.confidence >= 0.55 && m.confidence < 0.75, "between the thresholds"),
    doubtful: find((m) => !m.sensitive && m.confidence < 0.45, "below the review threshold"),
    sensitive: find((m) => m.sensitive, "sensitive"),
  };
}
