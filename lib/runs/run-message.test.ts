import { describe, expect, it } from "vitest";
import { excerpt, runMessage } from "./run-message";

describe("runMessage", () => {
  it("reads customer-support's message, else content-moderation's text", () => {
    expect(runMessage({ message: "Where is my card?" })).toBe("Where is my card?");
    expect(runMessage({ text: "You are an idiot.", imageUrl: "https://x.test/a.png" })).toBe("You are an idiot.");
    expect(runMessage({ message: "the message wins", text: "not this" })).toBe("the message wins");
  });

  it("is null for input without a text field of type string", () => {
    expect(runMessage({ message: 42 })).toBeNull();
    expect(runMessage({ text: ["a"] })).toBeNull();
    expect(runMessage({ other: "x" })).toBeNull();
    expect(runMessage(null)).toBeNull();
    expect(runMessage("a string")).toBeNull();
    expect(runMessage(["message"])).toBeNull();
  });
});

describe("excerpt", () => {
  it("flattens whitespace and cuts long text with an ellipsis", () => {
    expect(excerpt("  two\n\nlines  ")).toBe("two lines");
    const long = excerpt("word ".repeat(100));
    expect(long).toHaveLength(120);
    expect(long!.endsWith("…")).toBe(true);
    expect(excerpt(null)).toBeNull();
  });
});
