import { describe, expect, it } from "vitest";
import { customerSupportInput, MAX_MESSAGE_LENGTH } from "./customer-support";

describe("customer-support input validation", () => {
  it("accepts a message and trims it", () => {
    expect(customerSupportInput.parse({ message: "  Where is my card?  " })).toEqual({ message: "Where is my card?" });
  });

  it.each([
    ["a missing message", {}],
    ["a number", { message: 42 }],
    ["null", { message: null }],
    ["an empty message", { message: "" }],
    ["only whitespace", { message: " \n\t " }],
    ["a message over the limit", { message: "x".repeat(MAX_MESSAGE_LENGTH + 1) }],
    ["a non-object", "hello"],
  ])("refuses %s", (_, input) => {
    expect(customerSupportInput.safeParse(input).success).toBe(false);
  });

  it("names the field in its error", () => {
    const result = customerSupportInput.safeParse({ message: 42 });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain("message");
  });
});
