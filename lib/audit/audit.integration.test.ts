import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUser } from "@/test/integration-helpers";
import { exportDecisions } from "./export-decisions";
import { findAuditDecisions } from "./find-decisions";

const workflow = `audit-${randomUUID().slice(0, 8)}`;

async function decidedItem(input: { reviewerId: string; action: "approved" | "edited" | "rejected"; reply: string; edited?: string; reason?: string; minutesAgo: number; isAudit?: boolean }) {
  const run = await db.run.create({ data: { workflowName: workflow, workflowVersion: 1, input: {}, status: "completed" } });
  const createdAt = new Date(Date.now() - (input.minutesAgo + 30) * 60_000);
  const decidedAt = new Date(Date.now() - input.minutesAgo * 60_000);
  const claimedAt = new Date(decidedAt.getTime() - 90_000);
  const item = await db.reviewItem.create({
    data: {
      runId: run.id, stepId: "review_gate", workflowName: workflow, status: "decided", priority: "normal", tier: "standard", isAudit: input.isAudit ?? false,
      confidence: 0.7, proposal: { intent: "card_arrival", reply: input.reply }, context: { editableFields: ["reply"] }, slaMinutes: 20,
      slaDueAt: new Date(createdAt.getTime() + 20 * 60_000), atRiskAt: createdAt, createdAt, decision: input.action, decidedById: input.reviewerId, decidedAt,
      claimedById: input.reviewerId, claimedAt,
    },
  });
  await db.reviewEvent.create({ data: { itemId: item.id, type: "claimed", actorId: input.reviewerId, at: claimedAt } });
  await db.reviewDecision.create({
    data: { itemId: item.id, reviewerId: input.reviewerId, action: input.action, reason: input.reason ?? null, reasonCode: input.action === "rejected" ? "wrong_intent" : null, editedOutput: input.edited ? { intent: "card_arrival", reply: input.edited } : undefined, createdAt: decidedAt },
  });
  return item;
}

async function read(stream: ReadableStream<Uint8Array>): Promise<string> {
  // ignoreBOM keeps the byte-order mark in the text, so the test can see it is there.
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
}

describe("audit trail", () => {
  it("lists decisions with the AI output, the human output, the diff, reviewer and timings, filtered and paged", async () => {
    const ann = await createUser("reviewer", "Ann");
    const bob = await createUser("reviewer", "Bob");
    await decidedItem({ reviewerId: ann.id, action: "approved", reply: "Your card is on its way.", minutesAgo: 30 });
    await decidedItem({ reviewerId: ann.id, action: "edited", reply: "It arrives in 3 days.", edited: "It arrives in 5 working days.", minutesAgo: 20 });
    await decidedItem({ reviewerId: bob.id, action: "rejected", reply: "Wrong answer", reason: "Asked about fees", minutesAgo: 10, isAudit: true });

    const all = await findAuditDecisions({ workflow });
    expect(all.decisions.map((d) => d.action)).toEqual(["rejected", "edited", "approved"]);
    const edited = all.decisions[1]!;
    expect(edited).toMatchObject({ reviewer: { name: "Ann" }, aiOutput: "It arrives in 3 days.", humanOutput: "It arrives in 5 working days.", field: "reply", withinSla: false });
    expect(edited.diff).toEqual([
      { op: "same", text: "It arrives in " },
      { op: "removed", text: "3 " },
      { op: "added", text: "5 working " },
      { op: "same", text: "days." },
    ]);
    expect(edited.handlingMs).toBe(90_000);
    expect(edited.waitMs).toBe(30 * 60_000);
    expect(all.decisions[0]).toMatchObject({ humanOutput: null, reason: "Asked about fees", reasonCode: "wrong_intent", isAudit: true });

    expect((await findAuditDecisions({ workflow, reviewer: bob.id })).decisions.map((d) => d.reviewer.name)).toEqual(["Bob"]);
    expect((await findAuditDecisions({ workflow, action: "approved" })).decisions).toHaveLength(1);
    expect((await findAuditDecisions({ workflow, audit: "exclude" })).decisions).toHaveLength(2);
    expect((await findAuditDecisions({ workflow, from: new Date(Date.now() - 15 * 60_000) })).decisions).toHaveLength(1);

    const first = await findAuditDecisions({ workflow }, { take: 2 });
    expect(first.decisions).toHaveLength(2);
    const second = await findAuditDecisions({ workflow }, { take: 2, cursor: first.next });
    expect(second.decisions.map((d) => d.action)).toEqual(["approved"]);
    expect(second.next).toBeNull();
  });

  it("exports CSV with formula-looking cells neutralised, and JSONL with the whole proposal, a page at a time", async () => {
    const eve = await createUser("reviewer", "=cmd|' /C calc'!A0");
    const injected = '=HYPERLINK("http://evil.example","click")';
    await decidedItem({ reviewerId: eve.id, action: "edited", reply: injected, edited: "+SUM(A1:A9)", minutesAgo: 5 });
    await decidedItem({ reviewerId: eve.id, action: "rejected", reply: "@import, with \"quotes\"\nand a line break", reason: "-2+3", minutesAgo: 4 });

    const csv = await read(exportDecisions({ workflow, reviewer: eve.id }, "csv", { pageSize: 1 }));
    expect(csv.startsWith("\uFEFFdecided_at,workflow,step,")).toBe(true);
    const rows: Record<string, string>[] = parse(csv.slice(1), { columns: true });
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      for (const value of Object.values(row)) expect(value).not.toMatch(/^[=+\-@]/);
    }
    expect(rows[1]).toMatchObject({ ai_output: `'${injected}`, human_output: "'+SUM(A1:A9)", reviewer_name: "'=cmd|' /C calc'!A0", action: "edited" });
    expect(rows[0]).toMatchObject({ ai_output: "'@import, with \"quotes\"\nand a line break", reason: "'-2+3", reason_code: "wrong_intent" });
    expect(rows[1]!.diff).toContain("[-");

    const jsonl = await read(exportDecisions({ workflow, reviewer: eve.id }, "jsonl", { pageSize: 1 }));
    const lines = jsonl.trim().split("\n").map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    // JSONL is data, not a spreadsheet: values stay exactly as they were.
    expect(lines[1]).toMatchObject({ ai_output: injected, human_output: "+SUM(A1:A9)", proposal: { intent: "card_arrival", reply: injected } });
  });
});
