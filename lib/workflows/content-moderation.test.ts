import { describe, expect, it } from "vitest";
import type { GateOutput } from "../engine/types";
import { contentModerationInput, reviewedVerdict } from "./content-moderation";

describe("content-moderation", () => {
  it("accepts text with an optional http(s) image URL", () => {
    expect(contentModerationInput.parse({ text: "  hi  " })).toEqual({ text: "hi" });
    expect(contentModerationInput.parse({ text: "hi", imageUrl: "https://a.example/b.png" }).imageUrl).toBe("https://a.example/b.png");
    for (const bad of [{}, { text: "" }, { text: 3 }, { text: "x", imageUrl: "javascript:alert(1)" }, { text: "x".repeat(5001) }]) {
      expect(contentModerationInput.safeParse(bad).success).toBe(false);
    }
  });

  const reviewed = (action: "approved" | "edited" | "rejected", verdict?: string): GateOutput => ({
    route: "review",
    confidence: 0.8,
    reviewItemId: "item",
    decision: { action, reviewerId: "r", reason: action === "rejected" ? "no" : null },
    output: action === "rejected" ? null : { verdict: verdict ?? "block" },
  });

  it("reads the moderator's decision: approve keeps, reject overturns, an edit says allow or block", () => {
    expect(reviewedVerdict("blocked", reviewed("approved"))).toBe("blocked");
    expect(reviewedVerdict("blocked", reviewed("rejected"))).toBe("allowed");
    expect(reviewedVerdict("allowed", reviewed("rejected"))).toBe("blocked");
    expect(reviewedVerdict("blocked", reviewed("edited", "Allow: satire"))).toBe("allowed");
    expect(reviewedVerdict("allowed", reviewed("edited", "block it"))).toBe("blocked");
    expect(reviewedVerdict("blocked", reviewed("edited", "hmm"))).toBe("blocked");
  });
});
