import type { Role } from "../auth/permissions";

export interface EscalationStep {
  level: number;
  /** How far past the deadline this step fires, as a share of the item's SLA (0 = at the breach). */
  afterOverdueShare: number;
  raisePriority: boolean;
  moveToSenior: boolean;
  notifyRoles: Role[];
}

// What happens to an item that misses its SLA, step by step. Each step fires once per item.
export const ESCALATION_LADDER: readonly EscalationStep[] = [
  { level: 1, afterOverdueShare: 0, raisePriority: true, moveToSenior: false, notifyRoles: ["supervisor"] },
  { level: 2, afterOverdueShare: 0.5, raisePriority: true, moveToSenior: true, notifyRoles: ["supervisor"] },
  { level: 3, afterOverdueShare: 1, raisePriority: true, moveToSenior: true, notifyRoles: ["supervisor", "admin"] },
];

export type Priority = "urgent" | "high" | "normal" | "low";
