import type { Metadata } from "next";
import Link from "next/link";
import { ApplyThresholdForm } from "@/components/settings/apply-threshold-form";
import { CalibrationChart } from "@/components/settings/calibration-chart";
import { StatCard } from "@/components/dashboard/stat-card";
import { buttonStyles, inputStyles } from "@/components/ui/button-styles";
import { formatConfidence, formatCount, formatDateTime, formatPercent } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { requirePageAccess } from "@/lib/auth/current-user";
import { DEFAULT_CALIBRATION_DAYS, getCalibration } from "@/lib/calibration/get-calibration";
import { listGates } from "@/lib/calibration/find-gate";
import { previewThresholds } from "@/lib/calibration/preview-thresholds";
import { applyThresholdAction } from "./actions";

export const metadata: Metadata = { title: "Calibration" };

type Params = Record<string, string | string[] | undefined>;

function numberParam(value: string | string[] | undefined, fallback: number, min: number, max: number): number {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) && n >= min && n <= max ? n : fallback;
}

export default async function CalibrationPage({ searchParams }: { searchParams: Promise<Params> }) {
  await requirePageAccess("settings:manage", "/admin/calibration");
  const params = await searchParams;
  const gates = listGates();
  const selected = gates.find((g) => g.definition.name === params.workflow && (!params.step || g.step.id === params.step)) ?? gates[0];
  if (!selected) return <PageHeader title="Threshold calibration" description="No workflow has a review gate." />;

  const workflowName = selected.definition.name;
  const stepId = selected.step.id;
  const targetError = numberParam(params.target, 2, 0.1, 50) / 100;
  const days = Math.round(numberParam(params.days, DEFAULT_CALIBRATION_DAYS, 1, 365));
  const runs = Math.round(numberParam(params.runs, 200, 10, 1000));
  const calibration = await getCalibration({ workflowName, stepId, targetError, days });
  const { current, recommendation } = calibration;
  const proposed = Math.round(numberParam(params.threshold, recommendation?.threshold ?? current.autoThreshold, 0, 1) * 100) / 100;
  const preview = await previewThresholds({ workflowName, stepId, thresholds: { ...current, autoThreshold: proposed, reviewThreshold: Math.min(current.reviewThreshold, proposed) }, limit: runs });
  const point = calibration.curve[Math.round(proposed * 100)];
  const query = (extra: Record<string, string | number>) =>
    `/admin/calibration?${new URLSearchParams({ workflow: workflowName, step: stepId, target: String(targetError * 100), days: String(days), runs: String(runs), ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])) })}`;

  return (
    <>
      <PageHeader
        title="Threshold calibration"
        description="What each auto threshold would cost in review work and in errors, from reviewers' decisions. Approved = the model was right; edited or rejected = wrong. Audit samples count for the automatic outputs they stand for (weight 1/rate)."
      />
      {gates.length > 1 ? (
        <nav aria-label="Gate" className="mb-4 flex flex-wrap gap-1">
          {gates.map((g) => (
            <Link
              key={`${g.definition.name}/${g.step.id}`}
              href={`/admin/calibration?workflow=${encodeURIComponent(g.definition.name)}&step=${encodeURIComponent(g.step.id)}`}
              aria-current={g === selected ? "page" : undefined}
              className={`rounded-md border px-2.5 py-1 text-[13px] ${g === selected ? "border-zinc-900 bg-zinc-900 text-white" : "border-zinc-200 bg-white text-zinc-700 hover:bg-zinc-50"}`}
            >
              {g.definition.name} · {g.step.id}
            </Link>
          ))}
        </nav>
      ) : null}

      <form method="get" action="/admin/calibration" className="mb-4 flex flex-wrap items-end gap-3">
        <input type="hidden" name="workflow" value={workflowName} />
        <input type="hidden" name="step" value={stepId} />
        <div className="space-y-1">
          <label htmlFor="target" className="block font-medium text-zinc-800">Target error (%)</label>
          <input id="target" name="target" type="number" step="0.1" min="0.1" max="50" defaultValue={targetError * 100} className={`${inputStyles} w-32 tabular-nums`} />
        </div>
        <div className="space-y-1">
          <label htmlFor="days" className="block font-medium text-zinc-800">Period (days)</label>
          <input id="days" name="days" type="number" step="1" min="1" max="365" defaultValue={days} className={`${inputStyles} w-28 tabular-nums`} />
        </div>
        <button type="submit" className={buttonStyles.secondary}>Recalculate</button>
      </form>

      <dl className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-4">
        <StatCard
          label="In force"
          value={formatConfidence(current.autoThreshold)}
          detail={current.version === 0 ? "built-in default" : `version ${current.version}${current.createdAt ? `, ${formatDateTime(current.createdAt)}` : ""} · audit ${current.auditSampleRate > 0 ? formatPercent(current.auditSampleRate) : "off"}`}
        />
        <StatCard label="Gate evaluations" value={formatCount(calibration.population)} detail={`last ${days} days`} />
        <StatCard label="Labelled outputs" value={formatCount(calibration.labelled)} detail={`${formatCount(calibration.auditLabelled)} of them audit samples`} />
        <StatCard
          label={`Recommended for ≤ ${formatPercent(targetError)} error`}
          value={recommendation ? formatConfidence(recommendation.threshold) : "—"}
          tone={recommendation ? "neutral" : "warning"}
          detail={
            recommendation
              ? `automates ${formatPercent(recommendation.shareAutomated)} · error ${formatPercent(recommendation.estimatedError)} (95% ≤ ${formatPercent(recommendation.errorUpper)})`
              : (calibration.reason ?? "")
          }
        />
      </dl>

      <Panel title="Threshold → share automated and error among automated outputs" className="mb-4">
        {calibration.population === 0 ? (
          <p className="py-10 text-center text-zinc-500">{calibration.reason}</p>
        ) : (
          <CalibrationChart curve={calibration.curve} targetError={targetError} current={current.autoThreshold} recommended={recommendation?.threshold ?? null} />
        )}
        <p className="mt-2 text-xs text-zinc-500">
          The shaded band is the 95% Wilson interval on the effective number of labels. A threshold is recommended when the top of the band is under the
          target and at most 5% of what it automates went unmeasured (passed automatically while audit sampling was off).
        </p>
      </Panel>

      <Panel title={`Preview: auto threshold ${formatConfidence(proposed)} on the last ${formatCount(preview.runs)} runs`} className="mb-4">
        <form method="get" action="/admin/calibration" className="mb-4 flex flex-wrap items-end gap-3">
          <input type="hidden" name="workflow" value={workflowName} />
          <input type="hidden" name="step" value={stepId} />
          <input type="hidden" name="target" value={targetError * 100} />
          <input type="hidden" name="days" value={days} />
          <div className="space-y-1">
            <label htmlFor="threshold" className="block font-medium text-zinc-800">Auto threshold</label>
            <input id="threshold" name="threshold" type="number" step="0.01" min="0" max="1" defaultValue={proposed} className={`${inputStyles} w-28 tabular-nums`} />
          </div>
          <div className="space-y-1">
            <label htmlFor="runs" className="block font-medium text-zinc-800">Last runs</label>
            <input id="runs" name="runs" type="number" step="10" min="10" max="1000" defaultValue={runs} className={`${inputStyles} w-28 tabular-nums`} />
          </div>
          <button type="submit" className={buttonStyles.secondary}>Preview</button>
          {recommendation && recommendation.threshold !== proposed ? (
            <Link href={query({ threshold: recommendation.threshold })} className={buttonStyles.ghost}>
              Use the recommendation ({formatConfidence(recommendation.threshold)})
            </Link>
          ) : null}
        </form>
        <dl className="grid grid-cols-2 gap-3 md:grid-cols-4" aria-label="Preview figures">
          <StatCard label="Automated then → with this threshold" value={`${formatCount(preview.automatedNow)} → ${formatCount(preview.automatedProposed)}`} detail={`of ${formatCount(preview.runs)} runs`} />
          <StatCard label="Would skip review" value={formatCount(preview.toAuto)} detail={`${formatCount(preview.knownErrorsReleased)} of them a reviewer corrected or rejected`} tone={preview.knownErrorsReleased > 0 ? "warning" : "neutral"} />
          <StatCard label="Would go to review" value={formatCount(preview.toReview)} detail="automatic then" />
          <StatCard
            label="Estimated error at this threshold"
            value={point?.estimatedError == null ? "—" : formatPercent(point.estimatedError)}
            detail={point?.errorUpper == null ? "no labels above it" : `95% ≤ ${formatPercent(point.errorUpper)} · automates ${formatPercent(point.shareAutomated)}`}
          />
        </dl>
        <div className="mt-4 border-t border-zinc-100 pt-4">
          <ApplyThresholdForm key={proposed} workflowName={workflowName} stepId={stepId} threshold={proposed} apply={applyThresholdAction} />
          <p className="mt-2 text-xs text-zinc-500">
            Saved as a new version of the gate&apos;s settings, with your name; SLAs and the audit rate stay as they are. Roll back from{" "}
            <Link href="/admin/settings" className="underline">Gate settings</Link>.
          </p>
        </div>
      </Panel>
    </>
  );
}
