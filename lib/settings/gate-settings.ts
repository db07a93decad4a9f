import { db, Prisma, type Tx } from "../db";
import type { GateThresholds } from "../engine/types";
import { businessCalendarSchema, type BusinessCalendar } from "../review/business-hours";

/** How an item's SLA clock runs: which share left counts as at risk, and which hours count. */
export interface SlaPolicy {
  atRiskShare: number;
  businessHours: BusinessCalendar | null;
}

export const DEFAULT_SLA_POLICY: SlaPolicy = { atRiskShare: 0.25, businessHours: null };

export interface GateSettingsVersion extends GateThresholds, SlaPolicy {
  workflowName: string;
  stepId: string;
  /** 0 means "the workflow's built-in defaults": nobody has saved settings yet. */
  version: number;
  note: string | null;
  createdAt: Date | null;
  createdBy: { id: string; name: string; email: string } | null;
}

/** The settings in force for one gate: the newest saved version, or the definition's defaults. */
export async function getGateSettings(
  workflowName: string,
  stepId: string,
  defaults: GateThresholds,
  client: Tx | typeof db = db,
): Promise<GateSettingsVersion> {
  const row = await client.gateSettings.findFirst({
    where: { workflowName, stepId },
    orderBy: { version: "desc" },
    include: { createdBy: { select: { id: true, name: true, email: true } } },
  });
  if (!row) return { workflowName, stepId, version: 0, note: null, createdAt: null, createdBy: null, ...DEFAULT_SLA_POLICY, ...defaults };
  return toVersion(row);
}

export async function findGateSettingsHistory(workflowName: string, stepId: string, take = 20): Promise<GateSettingsVersion[]> {
  const rows = await db.gateSettings.findMany({
    where: { workflowName, stepId },
    orderBy: { version: "desc" },
    take,
    include: { createdBy: { select: { id: true, name: true, email: true } } },
  });
  return rows.map(toVersion);
}

/**
 * Saves a new version. Versions are append-only, so the history says who changed what and when.
 * Two admins saving at once both succeed, one after the other: the loser of the unique-version
 * race retries on the next number.
 */
export async function saveGateSettings(input: {
  workflowName: string;
  stepId: string;
  thresholds: GateThresholds;
  slaPolicy?: Partial<SlaPolicy>;
  note?: string | null;
  actorId: string;
}): Promise<GateSettingsVersion> {
  for (let tries = 0; ; tries++) {
    try {
      const latest = await db.gateSettings.findFirst({
        where: { workflowName: input.workflowName, stepId: input.stepId },
        orderBy: { version: "desc" },
        select: { version: true },
      });
      const row = await db.gateSettings.create({
        data: {
          workflowName: input.workflowName,
          stepId: input.stepId,
          version: (latest?.version ?? 0) + 1,
          ...input.thresholds,
          atRiskShare: input.slaPolicy?.atRiskShare ?? DEFAULT_SLA_POLICY.atRiskShare,
          businessHours: input.slaPolicy?.businessHours ?? Prisma.DbNull,
          note: input.note ?? null,
          createdById: input.actorId,
        },
        include: { createdBy: { select: { id: true, name: true, email: true } } },
      });
      return toVersion(row);
    } catch (error) {
      const isVersionRace = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
      if (!isVersionRace || tries >= 5) throw error;
    }
  }
}

function toVersion(row: {
  workflowName: string;
  stepId: string;
  version: number;
  autoThreshold: number;
  reviewThreshold: number;
  normalSlaMinutes: number;
  lowSlaMinutes: number;
  sensitiveSlaMinutes: number;
  atRiskShare: number;
  businessHours: unknown;
  note: string | null;
  createdAt: Date;
  createdBy: { id: string; name: string; email: string } | null;
}): GateSettingsVersion {
  return {
    workflowName: row.workflowName,
    stepId: row.stepId,
    version: row.version,
    autoThreshold: row.autoThreshold,
    reviewThreshold: row.reviewThreshold,
    normalSlaMinutes: row.normalSlaMinutes,
    lowSlaMinutes: row.lowSlaMinutes,
    sensitiveSlaMinutes: row.sensitiveSlaMinutes,
    atRiskShare: row.atRiskShare,
    // Stored calendars were validated on save; a row that no longer parses falls back to 24/7.
    businessHours: businessCalendarSchema.safeParse(row.businessHours).data ?? null,
    note: row.note,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  };
}
