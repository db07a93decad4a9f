"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/auth/authorized-action";
import type { GateThresholds } from "@/lib/engine/types";
import { buttonStyles, inputStyles } from "../ui/button-styles";

type SaveAction = (input: Record<string, unknown>) => Promise<ActionResult<{ version: number }>>;

interface FormState {
  savedVersion: number | null;
  error: string | null;
  fieldErrors: Record<string, string[]>;
}

type SettingsFields = GateThresholds & { auditSampleRate: number };

const FIELDS: { name: keyof SettingsFields; label: string; step: string; hint: string }[] = [
  { name: "autoThreshold", label: "Auto threshold", step: "0.01", hint: "Confidence at or above this continues without a reviewer (0–1)." },
  { name: "reviewThreshold", label: "Review threshold", step: "0.01", hint: "At or above: normal priority. Below: low priority (0–1)." },
  { name: "normalSlaMinutes", label: "Normal SLA (minutes)", step: "1", hint: "Deadline of normal-priority items." },
  { name: "lowSlaMinutes", label: "Low SLA (minutes)", step: "1", hint: "Deadline of low-priority items." },
  { name: "sensitiveSlaMinutes", label: "Sensitive SLA (minutes)", step: "1", hint: "Deadline of sensitive items, for senior reviewers." },
  {
    name: "auditSampleRate",
    label: "Audit sample rate",
    step: "0.01",
    hint: "Share of automatic outputs also sent to low-priority review, to measure their error (0–0.5).",
  },
];

const initialState: FormState = { savedVersion: null, error: null, fieldErrors: {} };

/** One gate's thresholds and SLAs. Validation messages come from the shared gateSettingsSchema. */
export function GateSettingsForm({ workflowName, stepId, current, save }: { workflowName: string; stepId: string; current: SettingsFields; save: SaveAction }) {
  const idPrefix = `${workflowName}-${stepId}`;
  const [state, dispatch, pending] = useActionState<FormState, Record<string, unknown>>(async (_previous, input) => {
    const result = await save(input);
    if (!result) return initialState;
    if (result.ok) return { ...initialState, savedVersion: result.data.version };
    const fieldErrors = result.fieldErrors ?? {};
    const hasFieldErrors = Object.keys(fieldErrors).length > 0;
    return { savedVersion: null, error: hasFieldErrors ? "Check the highlighted fields." : result.error, fieldErrors };
  }, initialState);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input: Record<string, unknown> = { workflowName, stepId };
    for (const [key, value] of new FormData(event.currentTarget)) {
      // An empty number field is missing, not zero (z.coerce.number would read "" as 0).
      input[key] = typeof value === "string" && value.trim() === "" && key !== "note" ? undefined : value;
    }
    startTransition(() => dispatch(input));
  };

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-6">
        {FIELDS.map((field) => {
          const id = `${idPrefix}-${field.name}`;
          const error = state.fieldErrors[field.name]?.[0];
          return (
            <div key={field.name} className="space-y-1">
              <label htmlFor={id} className="block font-medium text-zinc-800">
                {field.label}
              </label>
              <input
                id={id}
                name={field.name}
                type="number"
                inputMode="decimal"
                step={field.step}
                defaultValue={current[field.name]}
                aria-invalid={error ? true : undefined}
                aria-describedby={`${id}-${error ? "error" : "hint"}`}
                className={`${inputStyles} tabular-nums`}
              />
              {error ? (
                <p id={`${id}-error`} className="text-xs text-red-700">
                  {error}
                </p>
              ) : (
                <p id={`${id}-hint`} className="text-xs text-zinc-500">
                  {field.hint}
                </p>
              )}
            </div>
          );
        })}
      </div>
      <div className="space-y-1">
        <label htmlFor={`${idPrefix}-note`} className="block font-medium text-zinc-800">
          Note
        </label>
        <input
          // A saved note belongs to its version: start the next change with an empty one.
          key={state.savedVersion ?? "draft"}
          id={`${idPrefix}-note`}
          name="note"
          type="text"
          maxLength={200}
          placeholder="Why the change? Kept in the history."
          aria-invalid={state.fieldErrors.note ? true : undefined}
          aria-describedby={state.fieldErrors.note ? `${idPrefix}-note-error` : undefined}
          className={inputStyles}
        />
        {state.fieldErrors.note ? (
          <p id={`${idPrefix}-note-error`} className="text-xs text-red-700">
            {state.fieldErrors.note[0]}
          </p>
        ) : null}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={buttonStyles.primary}>
          {pending ? "Saving…" : "Save settings"}
        </button>
        {state.error ? (
          <p role="alert" className="text-red-700">
            {state.error}
          </p>
        ) : null}
        {state.savedVersion !== null ? (
          <p role="status" className="text-emerald-700">
            Saved as version {state.savedVersion}. New gate evaluations use it now.
          </p>
        ) : null}
      </div>
    </form>
  );
}
