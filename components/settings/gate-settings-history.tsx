import type { GateSettingsVersion } from "@/lib/settings/gate-settings";
import { formatConfidence, formatDateTime, formatPercent } from "../ui/format";
import { RollbackButton } from "./rollback-button";

type RollbackAction = React.ComponentProps<typeof RollbackButton>["rollback"];

export function GateSettingsHistory({ versions, rollback }: { versions: GateSettingsVersion[]; rollback?: RollbackAction }) {
  if (versions.length === 0) return <p className="px-4 py-3 text-zinc-500">No saved versions: the workflow&apos;s built-in defaults are in force.</p>;
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-left">
        <caption className="sr-only">Saved versions, newest first</caption>
        <thead className="border-b border-zinc-200 text-xs text-zinc-500">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">Version</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Auto</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Review</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">SLA normal / low / sensitive</th>
            <th scope="col" className="px-4 py-2 text-right font-medium">Audit</th>
            <th scope="col" className="px-4 py-2 font-medium">By</th>
            <th scope="col" className="px-4 py-2 font-medium">When</th>
            <th scope="col" className="px-4 py-2 font-medium">Note</th>
            {rollback ? <th scope="col" className="px-4 py-2 font-medium"><span className="sr-only">Actions</span></th> : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {versions.map((version, index) => (
            <tr key={version.version} className="align-top">
              <td className="whitespace-nowrap px-4 py-2 font-medium tabular-nums">
                v{version.version}
                {version.rolledBackFrom !== null ? <span className="ml-1 text-xs font-normal text-zinc-500">(restores v{version.rolledBackFrom})</span> : null}
              </td>
              <td className="px-4 py-2 text-right tabular-nums">{formatConfidence(version.autoThreshold)}</td>
              <td className="px-4 py-2 text-right tabular-nums">{formatConfidence(version.reviewThreshold)}</td>
              <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums">
                {version.normalSlaMinutes} / {version.lowSlaMinutes} / {version.sensitiveSlaMinutes} min
              </td>
              <td className="px-4 py-2 text-right tabular-nums">{version.auditSampleRate > 0 ? formatPercent(version.auditSampleRate) : "off"}</td>
              <td className="px-4 py-2">{version.createdBy?.name ?? "—"}</td>
              <td className="whitespace-nowrap px-4 py-2 text-zinc-600">{version.createdAt ? formatDateTime(version.createdAt) : "—"}</td>
              <td className="max-w-xs whitespace-pre-wrap break-words px-4 py-2 text-zinc-700">{version.note ?? ""}</td>
              {rollback ? (
                <td className="whitespace-nowrap px-4 py-2 text-right">
                  {index > 0 ? <RollbackButton workflowName={version.workflowName} stepId={version.stepId} toVersion={version.version} rollback={rollback} /> : <span className="text-xs text-zinc-500">in force</span>}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
