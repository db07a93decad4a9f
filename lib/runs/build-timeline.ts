// The run page's timeline, built from what PostgreSQL holds: committed steps (run_steps) and
// every try at them (step_attempts). Pure, so it is unit-tested without a database and its
// types can be imported by components.

/** A committed step result, as loaded from run_steps. */
export interface TimelineRowInput {
  stepId: string;
  kind: string;
  status: "completed" | "failed";
  output: unknown;
  model: string | null;
  /** The attempt number that produced the result (retries included). */
  attempts: number;
  latencyMs: number;
  confidence: number | null;
  inputLength: number | null;
  outputLength: number | null;
  error: string | null;
  startedAt: Date;
  finishedAt: Date;
}

/** One try at one step, as loaded from step_attempts: a retry or a failover model is another one. */
export interface TimelineAttempt {
  stepId: string;
  attempt: number;
  model: string | null;
  provider: string | null;
  /** ok | error | timeout | invalid | duplicate (a result that lost the race to commit). */
  status: string;
  error: string | null;
  /** Asked after the model before it failed, within the same attempt. */
  failover: boolean;
  latencyMs: number;
  confidence: number | null;
  inputLength: number | null;
  outputLength: number | null;
  startedAt: Date;
  finishedAt: Date;
}

export interface TimelineRunInput {
  status: string;
  currentStepId: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

/**
 * completed / failed: committed. running / waiting_for_review: the step the run is at now.
 * unfinished: tried but never committed, and the run has moved past it (a parallel child whose
 * group failed first, a step cut by the workflow timeout).
 */
export type TimelineStepStatus = "completed" | "failed" | "running" | "waiting_for_review" | "unfinished";

export interface BranchDecision {
  on: string;
  value: string;
  matched: string;
  target: string;
}

export interface TimelineStep {
  stepId: string;
  kind: string;
  status: TimelineStepStatus;
  /** The model that produced the committed result. */
  model: string | null;
  confidence: number | null;
  error: string | null;
  /** The attempt number of the committed result (1 when it succeeded at once). */
  attemptNumber: number;
  /** Every recorded try, oldest first. */
  attempts: TimelineAttempt[];
  failovers: number;
  /** For branch steps: which way the run went, and why. */
  branch: BranchDecision | null;
  /** For parallel groups: their children, in the order they started. */
  children: TimelineStep[];
  /** From the first try (or the committed row) to the commit — retries, backoff and a reviewer's wait included — or to now while in progress. */
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number;
  /** Where the step starts within the run, and the share of the run's time it took (0–1). */
  offsetMs: number;
  share: number;
  /** The top-level step that took the most time. */
  slowest: boolean;
}

export interface Timeline {
  /** The run's start (its submission). */
  startedAt: Date;
  /** Submission → finish, or → now while the run is in progress. */
  totalMs: number;
  /** Top-level steps in the order they started; parallel children sit under their group. */
  steps: TimelineStep[];
  /** Parallel children, counted apart from the top-level steps. */
  childCount: number;
  /** Submission → the first step's start: time in the queue before any worker took the run. */
  queuedMs: number;
  slowestStepId: string | null;
  attemptCount: number;
  failoverCount: number;
}

export interface BuildTimelineInput {
  run: TimelineRunInput;
  /** Committed steps, in the order they started. */
  rows: TimelineRowInput[];
  /** Recorded tries, in the order they started. */
  attempts: TimelineAttempt[];
  /** A parallel child's group, from the run's workflow definition when it is still registered. */
  parentOf?: (stepId: string) => string | null;
  /** A step's kind from the definition, for steps tried but not committed. */
  kindOf?: (stepId: string) => string | null;
  /**
   * Orders two steps that started and finished in the same millisecond (fast steps do): negative
   * when `a` comes first in the workflow. Without it, such steps keep the order they were loaded in.
   */
  compareSteps?: (a: string, b: string) => number;
  now: Date;
}

const FINISHED = new Set(["completed", "failed"]);

interface Draft {
  stepId: string;
  order: number;
  row: TimelineRowInput | null;
  attempts: TimelineAttempt[];
  children: Draft[];
  parentId: string | null;
}

export function buildTimeline(input: BuildTimelineInput): Timeline {
  const { run, now } = input;
  const runFinished = FINISHED.has(run.status);
  const parents = parentMap(input);

  const drafts = new Map<string, Draft>();
  const draftOf = (stepId: string): Draft => {
    let draft = drafts.get(stepId);
    if (!draft) {
      draft = { stepId, order: drafts.size, row: null, attempts: [], children: [], parentId: parents.get(stepId) ?? null };
      drafts.set(stepId, draft);
    }
    return draft;
  };
  for (const row of input.rows) draftOf(row.stepId).row = row;
  for (const attempt of [...input.attempts].sort(byStart)) draftOf(attempt.stepId).attempts.push(attempt);
  // A group whose children are still running (or were cut short) has no row of its own: it gets a draft here.
  for (const draft of [...drafts.values()]) if (draft.parentId) draftOf(draft.parentId).children.push(draft);

  const status = (draft: Draft): TimelineStepStatus => {
    if (draft.row) return draft.row.status;
    if (runFinished) return "unfinished";
    if (draft.stepId === run.currentStepId) return run.status === "waiting_for_review" ? "waiting_for_review" : "running";
    if (draft.parentId && draft.parentId === run.currentStepId) return "running";
    return "unfinished";
  };

  const runEnd = (steps: TimelineStep[]): number => {
    const ends = steps.map((s) => s.startedAt.getTime() + s.durationMs);
    return Math.max(runFinished ? (run.completedAt?.getTime() ?? run.updatedAt.getTime()) : now.getTime(), ...ends);
  };

  const byTime = (a: TimelineStep, b: TimelineStep) => byStepStart(a, b) || (input.compareSteps?.(a.stepId, b.stepId) ?? 0);

  const toStep = (draft: Draft): TimelineStep => {
    const children = draft.children.map(toStep).sort(byTime);
    const stepStatus = status(draft);
    const starts = [draft.row?.startedAt, ...draft.attempts.map((a) => a.startedAt), ...children.map((c) => c.startedAt)].filter(isDate);
    const startedAt = new Date(Math.min(...starts.map((d) => d.getTime())));
    const inProgress = stepStatus === "running" || stepStatus === "waiting_for_review";
    const ends = [draft.row?.finishedAt, ...draft.attempts.map((a) => a.finishedAt), ...children.map((c) => c.finishedAt)].filter(isDate);
    const lastEnd = Math.max(startedAt.getTime(), ...ends.map((d) => d.getTime()));
    const finishedAt = inProgress ? null : new Date(lastEnd);
    const durationMs = (finishedAt?.getTime() ?? Math.max(now.getTime(), lastEnd)) - startedAt.getTime();
    return {
      stepId: draft.stepId,
      kind: draft.row?.kind ?? input.kindOf?.(draft.stepId) ?? (draft.children.length > 0 ? "parallel" : "step"),
      status: stepStatus,
      model: draft.row?.model ?? null,
      confidence: draft.row?.confidence ?? null,
      error: draft.row?.error ?? null,
      attemptNumber: draft.row?.attempts ?? Math.max(0, ...draft.attempts.map((a) => a.attempt)),
      attempts: draft.attempts,
      failovers: draft.attempts.filter((a) => a.failover).length + children.reduce((n, c) => n + c.failovers, 0),
      branch: draft.row?.kind === "branch" ? branchDecision(draft.row.output) : null,
      children,
      startedAt,
      finishedAt,
      durationMs,
      offsetMs: 0,
      share: 0,
      slowest: false,
    };
  };

  const steps = [...drafts.values()]
    .filter((draft) => !draft.parentId)
    .map((draft) => ({ draft, step: toStep(draft) }))
    .sort((a, b) => byTime(a.step, b.step) || a.draft.order - b.draft.order)
    .map(({ step }) => step);

  const origin = Math.min(run.createdAt.getTime(), ...steps.map((s) => s.startedAt.getTime()));
  const totalMs = Math.max(1, runEnd(steps) - origin);
  const place = (step: TimelineStep) => {
    step.offsetMs = step.startedAt.getTime() - origin;
    step.share = Math.min(1, step.durationMs / totalMs);
    step.children.forEach(place);
  };
  steps.forEach(place);

  const slowest = steps.reduce<TimelineStep | null>((best, s) => (s.durationMs > 0 && (!best || s.durationMs > best.durationMs) ? s : best), null);
  if (slowest) slowest.slowest = true;

  return {
    startedAt: new Date(origin),
    totalMs,
    steps,
    childCount: steps.reduce((n, s) => n + s.children.length, 0),
    queuedMs: steps.length > 0 ? Math.max(0, steps[0]!.startedAt.getTime() - run.createdAt.getTime()) : 0,
    slowestStepId: slowest?.stepId ?? null,
    attemptCount: input.attempts.length,
    failoverCount: input.attempts.filter((a) => a.failover).length,
  };
}

/** Children of parallel groups: from the definition, else from the groups' joined output (`{ childId: outcome }`). */
function parentMap(input: BuildTimelineInput): Map<string, string> {
  const parents = new Map<string, string>();
  for (const row of input.rows) {
    if (row.kind !== "parallel" || !isRecord(row.output)) continue;
    for (const childId of Object.keys(row.output)) if (childId !== row.stepId) parents.set(childId, row.stepId);
  }
  if (input.parentOf) {
    const ids = new Set([...input.rows.map((r) => r.stepId), ...input.attempts.map((a) => a.stepId)]);
    for (const id of ids) {
      const parent = input.parentOf(id);
      if (parent && parent !== id) parents.set(id, parent);
    }
  }
  return parents;
}

function branchDecision(output: unknown): BranchDecision | null {
  if (!isRecord(output)) return null;
  const { on, value, matched, target } = output;
  if (typeof on !== "string" || typeof target !== "string") return null;
  return { on, value: value === undefined ? "" : String(value), matched: typeof matched === "string" ? matched : "", target };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isDate(value: Date | null | undefined): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function byStart(a: { startedAt: Date }, b: { startedAt: Date }): number {
  return a.startedAt.getTime() - b.startedAt.getTime();
}

function byStepStart(a: TimelineStep, b: TimelineStep): number {
  return a.startedAt.getTime() - b.startedAt.getTime() || (a.finishedAt?.getTime() ?? Infinity) - (b.finishedAt?.getTime() ?? Infinity);
}
