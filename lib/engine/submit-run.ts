import { createHash } from "node:crypto";
import { z } from "zod";
import { db, Prisma } from "../db";
import { conflict, notFound, UserFacingError } from "../errors";
import { logger } from "../logger";
import { compileWorkflow } from "./define-workflow";
import { enqueueWorkflowSteps } from "./enqueue-step";
import type { WorkflowRegistry } from "./registry";

export interface SubmitRunInput {
  workflowName: string;
  input: unknown;
  idempotencyKey?: string | null;
  apiTokenId?: string | null;
  /** Where the signed result is POSTed when the run finishes (http or https). */
  callbackUrl?: string | null;
}

export interface SubmittedRun {
  id: string;
  status: string;
  workflowName: string;
  workflowVersion: number;
  /** false when an earlier request with the same idempotency key already created this run. */
  created: boolean;
}

/**
 * Validates the input against the workflow's schema, stores the run and enqueues its first step.
 * The run is committed before it is enqueued; if the enqueue is lost, the reconciler re-drives it.
 */
export async function submitRun(registry: WorkflowRegistry, request: SubmitRunInput): Promise<SubmittedRun> {
  const definition = registry.latest(request.workflowName);
  if (!definition) throw notFound(`Workflow "${request.workflowName}"`);

  const parsed = definition.input.safeParse(request.input);
  if (!parsed.success) {
    throw new UserFacingError(`Invalid input: ${z.prettifyError(parsed.error)}`, 422, "invalid_input");
  }
  const callbackUrl = request.callbackUrl ?? null;
  if (callbackUrl !== null && !isHttpUrl(callbackUrl)) throw new UserFacingError("callbackUrl must be an http(s) URL", 400, "invalid_callback_url");
  // The callback is part of the request: the same key with another callback URL is another request.
  const requestHash = createHash("sha256")
    .update(JSON.stringify(callbackUrl ? [definition.name, parsed.data, callbackUrl] : [definition.name, parsed.data]))
    .digest("hex");
  const key = request.idempotencyKey ?? null;

  if (key) {
    const existing = await findByKey(request.apiTokenId ?? null, key, requestHash);
    if (existing) return existing;
  }

  const entry = compileWorkflow(definition).entry;
  let run;
  try {
    run = await db.run.create({
      data: {
        workflowName: definition.name,
        workflowVersion: definition.version,
        input: parsed.data as Prisma.InputJsonValue,
        currentStepId: entry,
        apiTokenId: request.apiTokenId ?? null,
        callbackUrl,
        deadlineAt: definition.timeoutMs ? new Date(Date.now() + definition.timeoutMs) : null,
        idempotencyKey: key,
        requestHash,
      },
    });
  } catch (error) {
    // Two requests with the same key raced: the loser answers with the winner's run.
    if (key && error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const existing = await findByKey(request.apiTokenId ?? null, key, requestHash);
      if (existing) return existing;
    }
    throw error;
  }

  try {
    await enqueueWorkflowSteps(definition, run.id, [entry]);
  } catch (error) {
    logger.warn({ err: error, runId: run.id }, "first step enqueue failed; the reconciler will start the run");
  }
  return { id: run.id, status: run.status, workflowName: run.workflowName, workflowVersion: run.workflowVersion, created: true };
}

async function findByKey(apiTokenId: string | null, idempotencyKey: string, requestHash: string): Promise<SubmittedRun | null> {
  const existing = await db.run.findFirst({ where: { apiTokenId, idempotencyKey } });
  if (!existing) return null;
  if (existing.requestHash !== requestHash) {
    throw conflict("This Idempotency-Key was already used with a different request", "idempotency_key_reused");
  }
  return { id: existing.id, status: existing.status, workflowName: existing.workflowName, workflowVersion: existing.workflowVersion, created: false };
}

export const MAX_CALLBACK_URL_LENGTH = 2000;

export function isHttpUrl(value: string): boolean {
  if (value.length > MAX_CALLBACK_URL_LENGTH) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}
