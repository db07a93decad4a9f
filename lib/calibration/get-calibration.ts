import { db } from "../db";
import { getGateSettings, type GateSettingsVersion } from "../settings/gate-settings";
import { calibrate, type CalibrationBand, type CalibrationResult } from "./calibration-curve";
import { getGate } from "./find-gate";

export interface GateCalibration extends CalibrationResult {
  workflowName: string;
  stepId: string;
  since: Date;
  days: number;
  current: GateSettingsVersion;
  /** Audit samples decided in the period: the labels above the current threshold. */
  auditLabelled: number;
}

export const DEFAULT_CALIBRATION_DAYS = 30;

/**
 * The calibration curve of one gate over the runs of the last `days` days. Everything is summed
 * per confidence band in PostgreSQL (runs by their (workflow, created_at) index, then their gate
 * step and review item by the (run, step) unique indexes); at most 101 rows reach the app.
 */
export async function getCalibration(input: { workflowName: string; stepId?: string | null; targetError: number; days?: number; now?: Date }): Promise<GateCalibration> {
  const { definition, step } = getGate(input.workflowName, input.stepId);
  const days = input.days ?? DEFAULT_CALIBRATION_DAYS;
  const until = input.now ?? new Date();
  const since = new Date(until.getTime() - days * 86_400_000);
  const [bands, current] = await Promise.all([loadBands(definition.name, step.id, since, until), getGateSettings(definition.name, step.id, step.defaults)]);
  const result = calibrate(bands.rows, input.targetError);
  return { ...result, workflowName: definition.name, stepId: step.id, since, days, current, auditLabelled: bands.auditLabelled };
}

interface BandRow {
  band: number;
  population: number;
  automatable: number;
  unmeasured: number;
  labelled: number;
  wrong: number;
  audit_labelled: number;
  weight: number | null;
  weight_wrong: number | null;
  weight_squared: number | null;
}

async function loadBands(workflowName: string, stepId: string, since: Date, until: Date): Promise<{ rows: CalibrationBand[]; auditLabelled: number }> {
  const rows = await db.$queryRaw<BandRow[]>`
    WITH recent AS (
      SELECT id, workflow_name FROM runs WHERE workflow_name = ${workflowName} AND created_at >= ${since} AND created_at <= ${until}
    ), evaluations AS (
      -- Automatically accepted outputs; unmeasured when audit sampling was off in the version in force.
      SELECT LEAST(100, floor(s.confidence * 100 + 1e-9))::int AS band, false AS sensitive, 'auto' AS kind,
             COALESCE(g.audit_sample_rate, 0) = 0 AS unmeasured, NULL::text AS decision, NULL::float8 AS weight
      FROM recent r
      JOIN run_steps s ON s.run_id = r.id AND s.step_id = ${stepId}
      LEFT JOIN gate_settings g ON g.workflow_name = r.workflow_name AND g.step_id = s.step_id
        AND g.version = CASE WHEN s.output->>'settingsVersion' ~ '^[0-9]+$' THEN (s.output->>'settingsVersion')::int END
      WHERE s.kind = 'gate' AND s.status = 'completed' AND s.output->>'route' = 'auto' AND s.confidence IS NOT NULL
      UNION ALL
      -- Review items: reviewed because of the gate (weight 1) or audit samples (weight 1/rate).
      SELECT LEAST(100, floor(i.confidence * 100 + 1e-9))::int, i.sensitive, CASE WHEN i.is_audit THEN 'audit' ELSE 'review' END,
             false, CASE WHEN i.status = 'decided' THEN i.decision::text END,
             CASE WHEN NOT i.is_audit THEN 1.0
                  WHEN (i.context->>'auditSampleRate') ~ '^[0-9.eE+-]+$' AND (i.context->>'auditSampleRate')::float8 > 0
                  THEN 1.0 / (i.context->>'auditSampleRate')::float8 END
      FROM recent r
      JOIN review_items i ON i.run_id = r.id AND i.step_id = ${stepId}
    ), marked AS (
      SELECT *, decision IS NOT NULL AND NOT sensitive AND weight IS NOT NULL AS labelled FROM evaluations
    )
    SELECT band,
           count(*) FILTER (WHERE kind <> 'audit')::int AS population,
           count(*) FILTER (WHERE kind <> 'audit' AND NOT sensitive)::int AS automatable,
           count(*) FILTER (WHERE kind = 'auto' AND unmeasured)::int AS unmeasured,
           count(*) FILTER (WHERE labelled)::int AS labelled,
           count(*) FILTER (WHERE labelled AND decision <> 'approved')::int AS wrong,
           count(*) FILTER (WHERE labelled AND kind = 'audit')::int AS audit_labelled,
           sum(weight) FILTER (WHERE labelled) AS weight,
           sum(weight) FILTER (WHERE labelled AND decision <> 'approved') AS weight_wrong,
           sum(weight * weight) FILTER (WHERE labelled) AS weight_squared
    FROM marked
    GROUP BY band`;
  return {
    rows: rows.map((r) => ({
      band: r.band,
      population: r.population,
      automatable: r.automatable,
      unmeasured: r.unmeasured,
      labelled: r.labelled,
      wrong: r.wrong,
      weight: Number(r.weight ?? 0),
      weightWrong: Number(r.weight_wrong ?? 0),
      weightSquared: Number(r.weight_squared ?? 0),
    })),
    auditLabelled: rows.reduce((n, r) => n + r.audit_labelled, 0),
  };
}
