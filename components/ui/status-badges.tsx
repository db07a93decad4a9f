import { Badge, type BadgeTone } from "./badge";
import { humanize } from "./format";

const priorityTones: Record<string, BadgeTone> = { urgent: "red", high: "orange", normal: "blue", low: "neutral" };

export function PriorityBadge({ priority }: { priority: string }) {
  return (
    <Badge tone={priorityTones[priority] ?? "neutral"} title={`Priority: ${priority}`}>
      {priority}
    </Badge>
  );
}

/** Senior and supervisor (tie-break) tiers get a badge; standard, the default, only on request. */
export function TierBadge({ tier, showStandard = false }: { tier: string; showStandard?: boolean }) {
  if (tier === "senior") return <Badge tone="violet" title="Reserved for senior reviewers">senior</Badge>;
  if (tier === "supervisor") return <Badge tone="accent" title="A tie-break for a supervisor">supervisor</Badge>;
  return showStandard ? <Badge title="Any reviewer">{tier}</Badge> : null;
}

const runStatusTones: Record<string, BadgeTone> = {
  queued: "neutral",
  running: "blue",
  waiting_for_review: "amber",
  completed: "green",
  failed: "red",
};

export function RunStatusBadge({ status }: { status: string }) {
  return <Badge tone={runStatusTones[status] ?? "neutral"}>{humanize(status)}</Badge>;
}

const reviewStatusTones: Record<string, BadgeTone> = { pending: "neutral", claimed: "blue", decided: "green" };

export function ReviewStatusBadge({ status }: { status: string }) {
  return <Badge tone={reviewStatusTones[status] ?? "neutral"}>{status}</Badge>;
}

const decisionTones: Record<string, BadgeTone> = { approved: "green", edited: "blue", rejected: "red" };

export function DecisionBadge({ decision }: { decision: string }) {
  return <Badge tone={decisionTones[decision] ?? "neutral"}>{decision}</Badge>;
}

export function RouteBadge({ route }: { route: string | null }) {
  if (route === null) return <span className="text-zinc-400">—</span>;
  return (
    <Badge tone={route === "review" ? "amber" : "neutral"} title={route === "review" ? "Sent to a human reviewer" : "Passed the gate automatically"}>
      {route}
    </Badge>
  );
}

/** The item's own at-risk moment is used: it follows the SLA's calendar and the configured share. */
export function SlaBadge({ dueAt, atRiskAt, now }: { dueAt: Date; atRiskAt: Date; now: Date }) {
  if (dueAt <= now) return <Badge tone="red">SLA breached</Badge>;
  if (atRiskAt <= now) return <Badge tone="amber">SLA at risk</Badge>;
  return null;
}
