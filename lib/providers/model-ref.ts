/** `<provider>:<model>`, e.g. `openai:gpt-4o-mini`, `anthropic:claude-3-5-haiku-latest`, `builtin:lexical-toxicity`. */
export interface ModelRef {
  provider: string;
  model: string;
}

const MODEL_REF = /^([a-z][a-z0-9_-]*):(.+)$/;

export function parseModelRef(value: string): ModelRef | null {
  const match = MODEL_REF.exec(value.trim());
  return match ? { provider: match[1]!, model: match[2]! } : null;
}

export function formatModelRef(ref: ModelRef): string {
  return `${ref.provider}:${ref.model}`;
}

/** `content-moderation` + `ai_moderator` → `CONTENT_MODERATION__AI_MODERATOR`. */
export function stepEnvKey(workflowName: string, stepId: string): string {
  return `${workflowName}__${stepId}`.toUpperCase().replace(/-/g, "_");
}

/**
 * The models a step tries, in order: its definition's model and failover list, unless the
 * environment overrides them for this step (BATON_MODEL_<WORKFLOW>__<STEP> and
 * BATON_FAILOVER_<WORKFLOW>__<STEP>, a comma-separated list; an empty value clears the list).
 */
export function resolveStepModels(
  workflowName: string,
  stepId: string,
  declared: { model: string; failover?: string[] },
  environment: Record<string, string | undefined> = process.env,
): ModelRef[] {
  const key = stepEnvKey(workflowName, stepId);
  const primary = environment[`BATON_MODEL_${key}`]?.trim() || declared.model;
  const failoverValue = environment[`BATON_FAILOVER_${key}`];
  const failover = failoverValue !== undefined ? failoverValue.split(",").map((s) => s.trim()).filter(Boolean) : (declared.failover ?? []);
  const refs: ModelRef[] = [];
  for (const value of [primary, ...failover]) {
    const ref = parseModelRef(value);
    if (!ref) throw new Error(`Model "${value}" for step ${stepId} must be "<provider>:<model>"`);
    refs.push(ref);
  }
  return refs;
}
