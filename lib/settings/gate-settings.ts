import { db, Prisma, type Tx } from "../db";
import { notFound } from "../errors";
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
  /** Share of automatically accepted outputs also sent to audit review (0 = none). */
  auditSampleRate: number;
  /** Set when this version restores an earlier one: that version's number. */
  rolledBackFrom: number | null;
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
  if (!row) {
    return { workflowName, stepId, version: 0, auditSampleRate: 0, rolledBackFrom: null, note: null, createdAt: null, createdBy: null, ...DEFAULT_SLA_POLICY, ...defaults };
  }
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
  auditSampleRate?: number;
  rolledBackFrom?: number | null;
  note?: string | null;
  /** Who made the change; null for a token without an owner (the note says which). */
  actorId: string | null;
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
          auditSampleRate: input.auditSampleRate ?? 0,
          rolledBackFrom: input.rolledBackFrom ?? null,
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

/**
 * Restores an earlier version by saving a copy of it as the newest one (history stays
 * append-only: a rollback is itself a versioned, attributed change).
 */
export async function rollbackGateSettings(input: {
  workflowName: string;
  stepId: string;
  toVersion: number;
  actorId: string | null;
  note?: string | null;
}): Promise<GateSettingsVersion> {
  const old = await db.gateSettings.findUnique({
    where: { workflowName_stepId_version: { workflowName: input.workflowName, stepId: input.stepId, version: input.toVersion } },
  });
  if (!old) throw notFound(`Version ${input.toVersion} of ${input.workflowName}/${input.stepId}`);
  return saveGateSettings({
    workflowName: input.workflowName,
    stepId: input.stepId,
    thresholds: {
      autoThreshold: old.autoThreshold,
      reviewThreshold: old.reviewThreshold,
      normalSlaMinutes: old.normalSlaMinutes,
      lowSlaMinutes: old.lowSlaMinutes,
      sensitiveSlaMinutes: old.sensitiveSlaMinutes,
    },
    slaPolicy: { atRiskShare: old.atRiskShare, businessHours: businessCalendarSchema.safeParse(old.businessHours).data ?? null },
    auditSampleRate: old.auditSampleRate,
    rolledBackFrom: old.version,
    note: input.note ?? `Rollback to version ${old.version}`,
    actorId: input.actorId,
  });
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
  auditSampleRate: number;
  rolledBackFrom: number | null;
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
    auditSampleRate: row.auditSampleRate,
    rolledBackFrom: row.rolledBackFrom,
    note: row.note,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  };
}
