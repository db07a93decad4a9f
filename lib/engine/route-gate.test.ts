import { describe, expect, it } from "vitest";
import { routeGate } from "./route-gate";

const thresholds = { autoThreshold: 0.8, reviewThreshold: 0.5, normalSlaMinutes: 120, lowSlaMinutes: 360, sensitiveSlaMinutes: 30 };

describe("routeGate (the article's gate)", () => {
  it.each([
    [0.99, "auto"],
    [0.8, "auto"],
    [0.7999, "normal"],
    [0.5, "normal"],
    [0.4999, "low"],
    [0, "low"],
  ])("routes confidence %s to %s", (confidence, expected) => {
    const route = routeGate({ confidence, sensitive: false }, thresholds);
    expect(route.route === "auto" ? "auto" : route.priority).toBe(expected);
  });

  it("gives normal review the normal SLA and low review the long SLA, both to standard reviewers", () => {
    expect(routeGate({ confidence: 0.6, sensitive: false }, thresholds)).toMatchObject({ priority: "normal", tier: "standard", slaMinutes: 120 });
    expect(routeGate({ confidence: 0.2, sensitive: false }, thresholds)).toMatchObject({ priority: "low", tier: "standard", slaMinutes: 360 });
  });

  it("sends sensitive input to senior reviewers with the short SLA even when the model is confident", () => {
    for (const confidence of [0.99, 0.6, 0.1]) {
      expect(routeGate({ confidence, sensitive: true }, thresholds)).toEqual({
        route: "review",
        priority: "urgent",
        tier: "senior",
        slaMinutes: 30,
        reason: "sensitive",
      });
    }
  });

  it("follows changed thresholds", () => {
    const strict = { ...thresholds, autoThreshold: 0.95, reviewThreshold: 0.9 };
    expect(routeGate({ confidence: 0.9, sensitive: false }, strict)).toMatchObject({ priority: "normal" });
    expect(routeGate({ confidence: 0.85, sensitive: false }, strict)).toMatchObject({ priority: "low" });
  });

  it.each([Number.NaN, -0.1, 1.1, Infinity])("refuses confidence %s", (confidence) => {
    expect(() => routeGate({ confidence, sensitive: false }, thresholds)).toThrow(RangeError);
  });
});
