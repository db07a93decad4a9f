import type { Metadata } from "next";
import Link from "next/link";
import { GateSettingsForm } from "@/components/settings/gate-settings-form";
import { GateSettingsHistory } from "@/components/settings/gate-settings-history";
import { formatDateTime, humanize } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { requirePageAccess } from "@/lib/auth/current-user";
import type { GateStep } from "@/lib/engine/types";
import { findGateSettingsHistory, getGateSettings } from "@/lib/settings/gate-settings";
import { workflowRegistry } from "@/lib/workflows";
import { rollbackGateSettingsAction, saveGateSettingsAction } from "./actions";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requirePageAccess("settings:manage", "/admin/settings");
  const workflows = await Promise.all(
    workflowRegistry.list().map(async (definition) => ({
      definition,
      gates: await Promise.all(
        definition.steps
          .filter((step): step is GateStep<unknown> => step.kind === "gate")
          .map(async (step) => {
            const [current, history] = await Promise.all([getGateSettings(definition.name, step.id, step.defaults), findGateSettingsHistory(definition.name, step.id)]);
            return { step, current, history };
          }),
      ),
    })),
  );

  return (
    <>
      <PageHeader title="Gate settings" description="Confidence thresholds and SLAs per workflow and gate. Every save is a new version; the newest is in force." />
      <div className="space-y-8">
        {workflows.map(({ definition, gates }) => (
          <section key={definition.name} aria-labelledby={`workflow-${definition.name}`}>
            <h2 id={`workflow-${definition.name}`} className="text-base font-semibold">
              {definition.name} <span className="font-normal text-zinc-400">v{definition.version}</span>
            </h2>
            <p className="mb-3 text-zinc-500">{definition.description}</p>
            {gates.length === 0 ? <p className="text-zinc-500">This workflow has no review gate.</p> : null}
            <div className="space-y-4">
              {gates.map(({ step, current, history }) => (
                <Panel
                  key={step.id}
                  headingLevel={3}
                  title={
                    <>
                      Gate <span className="font-mono">{step.id}</span>
                    </>
                  }
                  actions={
                    <span className="text-xs text-zinc-500">
                      {current.version === 0
                        ? "Built-in defaults in force"
                        : `Version ${current.version} in force, by ${current.createdBy?.name ?? "unknown"}${current.createdAt ? ` on ${formatDateTime(current.createdAt)}` : ""}`}
                    </span>
                  }
                  bodyClassName=""
                >
                  <div className="p-4">
                    {step.description ? <p className="mb-4 text-zinc-600">{step.description}</p> : null}
                    <p className="mb-4 text-zinc-600">
                      Not sure where to set the auto threshold?{" "}
                      <Link href={`/admin/calibration?workflow=${encodeURIComponent(definition.name)}&step=${encodeURIComponent(step.id)}`} className="font-medium text-accent-600 underline-offset-2 hover:underline">
                        See what reviewers&apos; decisions say
                      </Link>
                      .
                    </p>
                    <GateSettingsForm
                      workflowName={definition.name}
                      stepId={step.id}
                      current={{
                        autoThreshold: current.autoThreshold,
                        reviewThreshold: current.reviewThreshold,
                        normalSlaMinutes: current.normalSlaMinutes,
                        lowSlaMinutes: current.lowSlaMinutes,
                        sensitiveSlaMinutes: current.sensitiveSlaMinutes,
                        auditSampleRate: current.auditSampleRate,
                        atRiskShare: current.atRiskShare,
                      }}
                      businessHours={current.businessHours}
                      save={saveGateSettingsAction}
                    />
                  </div>
                  <div className="border-t border-zinc-100">
                    <h4 className="px-4 pt-3 text-[13px] font-semibold text-zinc-800">History of {humanize(step.id)}</h4>
                    <GateSettingsHistory versions={history} rollback={rollbackGateSettingsAction} />
                  </div>
                </Panel>
              ))}
            </div>
          </section>
        ))}
      </div>
    </>
  );
}
