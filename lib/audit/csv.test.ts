import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "./csv";
import { diffWords, formatDiff } from "./text-diff";

describe("CSV cells", () => {
  it.each(["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "=HYPERLINK(\"http://evil\",\"x\")"])("neutralises the formula %s", (value) => {
    const cell = csvCell(value);
    expect(cell.replace(/^"/, "")).toMatch(/^'/);
  });

  it("quotes separators, quotes and line breaks", () => {
    expect(csvCell('He said "hi", then left\nbye')).toBe('"He said ""hi"", then left\nbye"');
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(null)).toBe("");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(new Date("2026-01-02T03:04:05.000Z"))).toBe("2026-01-02T03:04:05.000Z");
    expect(csvLine(["a", 1, null])).toBe("a,1,\r\n");
  });
});

describe("word diff", () => {
  it("marks what the reviewer removed and added", () => {
    const parts = diffWords("Your card will arrive in 3 days.", "Your card will arrive in 5 working days.");
    expect(formatDiff(parts)).toBe("Your card will arrive in [-3 -]{+5 working +}days.");
    expect(parts.filter((p) => p.op !== "removed").map((p) => p.text).join("")).toBe("Your card will arrive in 5 working days.");
  });

  it("handles empty and equal texts", () => {
    expect(diffWords("same", "same")).toEqual([{ op: "same", text: "same" }]);
    expect(formatDiff(diffWords("", "new"))).toBe("{+new+}");
    expect(formatDiff(diffWords("old", ""))).toBe("[-old-]");
  });
});
