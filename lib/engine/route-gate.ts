import type { GateThresholds } from "./types";

export type ReviewPriority = "urgent" | "high" | "normal" | "low";
/** Who may take an item. The gate routes to standard or senior; "supervisor" is for tie-breaks. */
export type ReviewTier = "standard" | "senior" | "supervisor";

export type GateRoute =
  | { route: "auto" }
  | { route: "review"; priority: ReviewPriority; tier: ReviewTier; slaMinutes: number; reason: string };

/**
 * The article's human-in-the-loop gate. Sensitive input always goes to senior reviewers with the
 * short SLA, whatever the confidence: a confident model is not a reason to skip a human on fraud.
 */
export function routeGate(input: { confidence: number; sensitive: boolean }, thresholds: GateThresholds): GateRoute {
  const { confidence, sensitive } = input;
  if (!Number.isFinite(confidence) || confidence < 0 || confidence > 1) {
    throw new RangeError(`confidence must be a number in [0, 1], got ${confidence}`);
  }
  if (sensitive) {
    return { route: "review", priority: "urgent", tier: "senior", slaMinutes: thresholds.sensitiveSlaMinutes, reason: "sensitive" };
  }
  if (confidence >= thresholds.autoThreshold) return { route: "auto" };
  if (confidence >= thresholds.reviewThreshold) {
    return { route: "review", priority: "normal", tier: "standard", slaMinutes: thresholds.normalSlaMinutes, reason: "confidence below auto threshold" };
  }
  return { route: "review", priority: "low", tier: "standard", slaMinutes: thresholds.lowSlaMinutes, reason: "confidence below review threshold" };
}
