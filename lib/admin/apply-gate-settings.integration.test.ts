import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { gateSettingsSchema } from "@/lib/schemas/gate-settings";
import { getGateSettings } from "@/lib/settings/gate-settings";
import { workflowRegistry } from "@/lib/workflows";
import { createUser } from "@/test/integration-helpers";
import { applyGateSettings } from "./apply-gate-settings";

// The SLA clock is part of a gate's settings: set, kept when left out, and cleared with null.

const base = { workflowName: "customer-support", stepId: "review_gate", autoThreshold: 0.8, reviewThreshold: 0.5, normalSlaMinutes: 120, lowSlaMinutes: 360, sensitiveSlaMinutes: 30 };
const office = { timeZone: "Europe/Berlin", workingDays: [1, 2, 3, 4, 5], start: "09:00", end: "17:00" };

async function inForce() {
  const gate = workflowRegistry.latest("customer-support")!.steps.find((s) => s.id === "review_gate")!;
  return getGateSettings("customer-support", "review_gate", (gate as { defaults: Parameters<typeof getGateSettings>[2] }).defaults);
}

describe("applyGateSettings and the SLA clock", () => {
  it("sets business hours and an at-risk share, keeps them when left out, and clears them with null", async () => {
    const admin = await createUser("admin");
    const actor = { id: admin.id, role: "admin" as const };
    await applyGateSettings(gateSettingsSchema.parse({ ...base, atRiskShare: "0.4", businessHours: office }), actor);
    expect(await inForce()).toMatchObject({ atRiskShare: 0.4, businessHours: office });

    await applyGateSettings(gateSettingsSchema.parse({ ...base, autoThreshold: 0.9 }), actor);
    expect(await inForce()).toMatchObject({ autoThreshold: 0.9, atRiskShare: 0.4, businessHours: office });

    await applyGateSettings(gateSettingsSchema.parse({ ...base, businessHours: null }), actor);
    expect(await inForce()).toMatchObject({ businessHours: null, atRiskShare: 0.4 });
    await db.gateSettings.deleteMany({ where: { workflowName: "customer-support", stepId: "review_gate" } });
  });

  it("refuses a calendar with an unknown time zone or no working day, naming the field", () => {
    for (const businessHours of [{ ...office, timeZone: "Mars/Olympus" }, { ...office, workingDays: [] }, { ...office, start: "18:00" }]) {
      const result = gateSettingsSchema.safeParse({ ...base, businessHours });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path[0]).toBe("businessHours");
    }
  });
});
