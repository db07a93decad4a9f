// GET /api/v1/calibration?workflow=…&step=…&targetError=0.02&days=30 – a gate's calibration curve and recommended threshold
import { z } from "zod";
import { apiRoute } from "@/lib/api/api-route";
import { DEFAULT_CALIBRATION_DAYS, getCalibration } from "@/lib/calibration/get-calibration";
import { invalid } from "@/lib/errors";

const querySchema = z.object({
  workflow: z.string({ error: 'Name the workflow: ?workflow=…' }).min(1, 'Name the workflow: ?workflow=…'),
  step: z.string().min(1).optional(),
  targetError: z.coerce.number({ error: "targetError must be a number" }).gt(0, "targetError must be above 0").lt(1, "targetError must be below 1").default(0.02),
  days: z.coerce.number({ error: "days must be a number" }).int("days must be a whole number").min(1).max(365).default(DEFAULT_CALIBRATION_DAYS),
});

export const GET = apiRoute("calibration:read", async (request) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = querySchema.safeParse(params);
  if (!parsed.success) throw invalid(parsed.error.issues.map((i) => i.message).join("; "), "invalid_query");
  const { workflow, step, targetError, days } = parsed.data;
  const result = await getCalibration({ workflowName: workflow, stepId: step, targetError, days });
  return Response.json({
    workflow: result.workflowName,
    step: result.stepId,
    targetError: result.targetError,
    period: { since: result.since.toISOString(), days: result.days },
    current: {
      version: result.current.version,
      autoThreshold: result.current.autoThreshold,
      reviewThreshold: result.current.reviewThreshold,
      auditSampleRate: result.current.auditSampleRate,
    },
    evaluations: result.population,
    labelled: result.labelled,
    auditLabelled: result.auditLabelled,
    recommendation: result.recommendation,
    reason: result.reason,
    method:
      "Labels are reviewers' decisions (approved = right; edited or rejected = wrong), audit samples weighted by 1/rate; 95% Wilson interval on the effective sample size; recommended = lowest threshold whose upper bound is under the target, with at most 5% of its automated outputs unmeasured.",
    curve: result.curve,
  });
});
