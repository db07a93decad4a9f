import { db } from "../db";
import { notFound } from "../errors";
import { isUuid } from "../text/is-uuid";

/** A review item as an outside review tool sees it: what to judge, and the claim it holds. */
export interface ReviewItemApiView {
  id: string;
  runId: string;
  workflow: string;
  step: string;
  status: string;
  stage: string;
  priority: string;
  tier: string;
  sensitive: boolean;
  isAudit: boolean;
  confidence: number;
  proposal: unknown;
  /** The proposal field an "edited" decision replaces. */
  editableField: string;
  context: unknown;
  slaDueAt: string;
  leaseExpiresAt: string | null;
}


export async function getReviewItemApiView(id: string): Promise<ReviewItemApiView> {
  if (!isUuid(id)) throw notFound("Review item");
  const item = await db.reviewItem.findUnique({ where: { id } });
  if (!item) throw notFound("Review item");
  const context = (item.context ?? {}) as { editableFields?: unknown };
  const editable = Array.isArray(context.editableFields) ? context.editableFields.filter((f): f is string => typeof f === "string") : [];
  return {
    id: item.id,
    runId: item.runId,
    workflow: item.workflowName,
    step: item.stepId,
    status: item.status,
    stage: item.stage,
    priority: item.priority,
    tier: item.tier,
    sensitive: item.sensitive,
    isAudit: item.isAudit,
    confidence: item.confidence,
    proposal: item.proposal,
    editableField: editable[0] ?? "reply",
    context: item.context,
    slaDueAt: item.slaDueAt.toISOString(),
    leaseExpiresAt: item.leaseExpiresAt?.toISOString() ?? null,
  };
}

/** The tier of an item, for the caller's role check; 404 for an unknown or malformed id. */
export async function getReviewItemTier(id: string): Promise<string> {
  if (!isUuid(id)) throw notFound("Review item");
  const item = await db.reviewItem.findUnique({ where: { id }, select: { tier: true } });
  if (!item) throw notFound("Review item");
  return item.tier;
}
