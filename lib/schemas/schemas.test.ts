import { describe, expect, it } from "vitest";
import { gateSettingsSchema } from "./gate-settings";
import { decisionSchema, MAX_EDIT_LENGTH } from "./review";

describe("decision input", () => {
  it("accepts approve, a non-empty edit and a reject with a reason", () => {
    expect(decisionSchema.parse({ action: "approved" })).toEqual({ action: "approved" });
    expect(decisionSchema.parse({ action: "edited", editedText: " New reply " })).toEqual({ action: "edited", editedText: "New reply" });
    expect(decisionSchema.parse({ action: "rejected", reason: "Wrong" })).toEqual({ action: "rejected", reason: "Wrong" });
    expect(decisionSchema.parse({ action: "rejected", reason: "Wrong", reasonCode: "wrong_intent" })).toMatchObject({ reasonCode: "wrong_intent" });
  });

  it.each([
    ["an empty edit", { action: "edited", editedText: "  " }],
    ["an edit over the limit", { action: "edited", editedText: "x".repeat(MAX_EDIT_LENGTH + 1) }],
    ["a reject without a reason", { action: "rejected" }],
    ["an unknown action", { action: "maybe" }],
    ["an unknown reason code", { action: "rejected", reason: "Wrong", reasonCode: "because" }],
  ])("refuses %s", (_, input) => {
    expect(decisionSchema.safeParse(input).success).toBe(false);
  });
});

describe("gate settings input", () => {
  const valid = { workflowName: "customer-support", stepId: "review_gate", autoThreshold: "0.8", reviewThreshold: "0.5", normalSlaMinutes: "120", lowSlaMinutes: "360", sensitiveSlaMinutes: "30" };

  it("coerces form values", () => {
    expect(gateSettingsSchema.parse(valid)).toMatchObject({ autoThreshold: 0.8, normalSlaMinutes: 120 });
  });

  it.each([
    ["a threshold above 1", { autoThreshold: "1.2" }, "autoThreshold"],
    ["a review threshold above the auto threshold", { reviewThreshold: "0.9" }, "reviewThreshold"],
    ["fractional minutes", { lowSlaMinutes: "1.5" }, "lowSlaMinutes"],
    ["zero minutes", { sensitiveSlaMinutes: "0" }, "sensitiveSlaMinutes"],
    ["text for a number", { normalSlaMinutes: "soon" }, "normalSlaMinutes"],
    ["an empty threshold", { autoThreshold: "" }, "autoThreshold"],
    ["an empty SLA", { lowSlaMinutes: "  " }, "lowSlaMinutes"],
  ])("refuses %s on the right field", (_, override, field) => {
    const result = gateSettingsSchema.safeParse({ ...valid, ...override });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
  });
});
