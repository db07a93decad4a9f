import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { auditDraw, shouldAudit } from "./audit-sampling";

// Fixed run ids: the test is deterministic, and the ids are as alike as real UUIDs are not.
const runIds = (n: number, offset = 0) => Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i + offset).padStart(12, "0")}`);

describe("audit sampling", () => {
  it("draws the same number for the same run and gate, so a retried gate never re-samples", () => {
    const runId = randomUUID();
    expect(auditDraw(runId, "review_gate")).toBe(auditDraw(runId, "review_gate"));
    expect(auditDraw(runId, "review_gate")).not.toBe(auditDraw(runId, "other_gate"));
  });

  it.each([0.01, 0.05, 0.2, 0.5])("samples a share %f of runs, within 5 standard deviations", (rate) => {
    const n = 40_000;
    const sampled = runIds(n).filter((id) => shouldAudit(id, "review_gate", rate)).length;
    // Binomial(n, rate): a 5σ band fails by chance about once in 1.7 million runs.
    const sd = Math.sqrt(n * rate * (1 - rate));
    expect(Math.abs(sampled - n * rate)).toBeLessThan(5 * sd);
  });

  it("never samples at rate 0 and always at rate 1", () => {
    const ids = runIds(1000);
    expect(ids.filter((id) => shouldAudit(id, "g", 0))).toHaveLength(0);
    expect(ids.filter((id) => shouldAudit(id, "g", 1))).toHaveLength(1000);
  });

  it("draws uniformly: each tenth of [0, 1) gets its share", () => {
    const n = 50_000;
    const counts = new Array(10).fill(0);
    for (const id of runIds(n, 1_000_000)) counts[Math.floor(auditDraw(id, "g") * 10)]++;
    // Chi-square with 9 degrees of freedom: 27.9 is the 0.1% critical value.
    const chi2 = counts.reduce((sum, c) => sum + (c - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.9);
  });
});
