import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { ClaimLease } from "@/components/review/claim-lease";
import { DecisionForm } from "@/components/review/decision-form";
import { DecisionHistory } from "@/components/review/decision-history";
import { ItemStatusNotice } from "@/components/review/item-status-notice";
import { ModelEvidence } from "@/components/review/model-evidence";
import { ProposalView } from "@/components/review/proposal-view";
import { SlaCountdown } from "@/components/review/sla-countdown";
import { StepTimeline } from "@/components/runs/step-timeline";
import { Badge } from "@/components/ui/badge";
import { formatDateTime, humanize } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Fields, Panel } from "@/components/ui/panel";
import { PriorityBadge, ReviewStatusBadge, TierBadge } from "@/components/ui/status-badges";
import { requirePageAccess } from "@/lib/auth/current-user";
import { can, reviewTiersFor } from "@/lib/auth/permissions";
import { UserFacingError } from "@/lib/errors";
import { getReviewItem, type ReviewItemDetail } from "@/lib/review/get-review-item";
import { decideReviewItemAction, releaseReviewItemAction, renewReviewLeaseAction } from "../actions";

export const metadata: Metadata = { title: "Review" };

export default async function ReviewItemPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageAccess("reviews:work", `/review/${encodeURIComponent(id)}`);
  const item = await loadItem(id);
  // Items of a tier the role cannot take (senior, tie-breaks) are not theirs to read either.
  if (!reviewTiersFor(user.role).includes(item.tier)) redirect("/forbidden");

  const now = new Date();
  const holdsClaim = item.status === "claimed" && item.claimedBy?.id === user.id && item.leaseExpiresAt !== null && item.leaseExpiresAt > now;
  const canDecide = holdsClaim && item.textToApprove !== null;

  return (
    <>
      <div className="mb-2 text-xs text-zinc-500">
        <Link href="/queue" className="hover:text-zinc-800 hover:underline">
          Queue
        </Link>{" "}
        / <span className="font-mono">{item.id.slice(0, 8)}</span>
      </div>
      <PageHeader
        title={`Review: ${item.workflowName}`}
        description={
          <span className="flex flex-wrap items-center gap-1.5">
            <PriorityBadge priority={item.priority} />
            <TierBadge tier={item.tier} showStandard />
            <ReviewStatusBadge status={item.status} />
            {item.requiredApprovals > 1 ? <Badge tone="violet" title="Two independent reviewers must agree">four eyes</Badge> : null}
            {item.stage !== "first_review" && item.status !== "decided" ? <Badge tone="amber">{humanize(item.stage)}</Badge> : null}
            {item.escalationLevel > 0 ? <Badge tone="red">escalated ×{item.escalationLevel}</Badge> : null}
            <span>
              · at <span className="font-mono text-[13px]">{item.stepId}</span> · created {formatDateTime(item.createdAt)}
            </span>
          </span>
        }
        actions={
          item.status === "decided" ? null : (
            <div className="sm:text-right">
              <div className="text-xs text-zinc-500">SLA</div>
              <SlaCountdown dueAt={item.slaDueAt.toISOString()} atRiskAt={item.atRiskAt.toISOString()} serverNow={now.getTime()} />
            </div>
          )
        }
      />

      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Panel title="Customer message">
            {item.context.message !== null ? (
              <p className="whitespace-pre-wrap break-words leading-relaxed">{item.context.message}</p>
            ) : (
              <p className="italic text-zinc-400">This item has no message.</p>
            )}
          </Panel>

          <Panel title="Model's proposal">
            <ProposalView proposal={item.proposal} editableField={item.editableField} omitEditable={canDecide && item.stage === "first_review"} />
          </Panel>

          {item.decisions.length > 0 ? (
            <Panel title={item.status === "decided" ? "Reviews" : "Earlier reviews"}>
              <DecisionHistory decisions={item.decisions} />
            </Panel>
          ) : null}

          <Panel
            title="Your decision"
            actions={
              holdsClaim ? (
                <ClaimLease
                  itemId={item.id}
                  expiresAt={item.leaseExpiresAt!.toISOString()}
                  serverNow={now.getTime()}
                  renew={renewReviewLeaseAction}
                  release={releaseReviewItemAction}
                />
              ) : null
            }
          >
            {canDecide ? (
              <>
                <StageHint item={item} />
                <DecisionForm itemId={item.id} proposedText={item.textToApprove!} decide={decideReviewItemAction} />
              </>
            ) : (
              <ItemStatusNotice item={item} currentUserId={user.id} now={now} />
            )}
          </Panel>
        </div>

        <div className="space-y-4">
          <Panel title="SLA">
            <Fields
              columns={1}
              items={[
                { label: "Due", value: formatDateTime(item.slaDueAt) },
                { label: "SLA", value: `${item.slaMinutes} min` },
                ...(item.decision?.decidedAt
                  ? [{ label: "Decided", value: `${formatDateTime(item.decision.decidedAt)} (${item.decision.decidedAt <= item.slaDueAt ? "within SLA" : "after the deadline"})` }]
                  : []),
              ]}
            />
          </Panel>
          <Panel title="Model">
            <ModelEvidence item={item} />
          </Panel>
          {can(user.role, "runs:view") ? (
            <Link href={`/runs/${item.runId}`} className="block text-accent-700 hover:underline">
              Open the run →
            </Link>
          ) : null}
        </div>
      </div>

      <Panel title="Steps that led here" className="mt-4" bodyClassName="">
        <StepTimeline steps={item.steps} origin={item.steps[0]?.startedAt ?? item.createdAt} showStarted={false} />
      </Panel>
    </>
  );
}

/** Four-eyes items: say what this reviewer's decision means at this stage. */
function StageHint({ item }: { item: ReviewItemDetail }) {
  if (item.stage === "first_review" && item.requiredApprovals < 2) return null;
  const text =
    item.stage === "first_review"
      ? "Sensitive item: a second reviewer checks your decision before the run resumes."
      : item.stage === "second_review"
        ? "Second review: Approve confirms the first reviewer's decision (their edit, if they edited). Any other decision goes to a supervisor."
        : "Tie-break: the two reviewers disagree. Your decision is final. Approve sends the original proposal.";
  return <p className="mb-4 rounded-md bg-violet-50 px-3 py-2 text-violet-800">{text}</p>;
}

async function loadItem(id: string): Promise<ReviewItemDetail> {
  try {
    return await getReviewItem(id);
  } catch (error) {
    if (error instanceof UserFacingError && error.status === 404) notFound();
    throw error;
  }
}
