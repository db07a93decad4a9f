import { z } from "zod";
import { InvalidOutputError } from "./errors";
import type { StepContext, TaskStep } from "./types";

/** A model's text answer as JSON: the whole text, or the one object inside a ``` fence. */
export function parseJsonAnswer(text: string): unknown {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(trimmed);
  try {
    return JSON.parse(fenced ? fenced[1]! : trimmed);
  } catch {
    throw new InvalidOutputError(`The answer is not JSON: ${JSON.stringify(trimmed.slice(0, 80))}`, text);
  }
}

/**
 * The validation gate after a step: the schema (which may also transform), then the business
 * rules. Throws InvalidOutputError naming what is wrong; returns the validated output.
 */
export function validateOutput<Input>(step: TaskStep<Input>, value: unknown, ctx: StepContext<Input>, raw = JSON.stringify(value) ?? ""): unknown {
  let output = value;
  if (step.output) {
    const parsed = step.output.safeParse(value);
    if (!parsed.success) throw new InvalidOutputError(`The answer does not match the schema: ${z.prettifyError(parsed.error)}`, raw);
    output = parsed.data;
  }
  for (const rule of step.rules ?? []) {
    const broken = rule(output as never, ctx);
    if (broken) throw new InvalidOutputError(`The answer breaks a rule: ${broken}`, raw);
  }
  return output;
}
