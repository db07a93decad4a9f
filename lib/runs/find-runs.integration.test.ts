import { afterAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { findRuns } from "./find-runs";

// "server-only" throws outside React's server build; the module itself is what is tested here.
vi.mock("server-only", () => ({}));

const created: string[] = [];

afterAll(async () => {
  await db.run.deleteMany({ where: { id: { in: created } } });
});

describe("findRuns", () => {
  it("excerpts customer-support's message and content-moderation's text", async () => {
    const support = await db.run.create({ data: { workflowName: "customer-support", workflowVersion: 1, input: { message: "Where is\n my card?" } } });
    const moderation = await db.run.create({
      data: { workflowName: "content-moderation", workflowVersion: 1, input: { text: "New profile picture", imageUrl: "https://cdn.example.com/a.png" } },
    });
    const other = await db.run.create({ data: { workflowName: "other", workflowVersion: 1, input: { amount: 3 } } });
    created.push(support.id, moderation.id, other.id);

    const { runs } = await findRuns({ take: 200 });
    const excerptOf = (id: string) => runs.find((r) => r.id === id)?.messageExcerpt;
    expect(excerptOf(support.id)).toBe("Where is my card?");
    expect(excerptOf(moderation.id)).toBe("New profile picture");
    expect(excerptOf(other.id)).toBeNull();
  });
});
