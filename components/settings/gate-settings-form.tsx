"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/auth/authorized-action";
import type { GateThresholds } from "@/lib/engine/types";
import type { BusinessCalendar } from "@/lib/review/business-hours";
import { buttonStyles, inputStyles } from "../ui/button-styles";

type SaveAction = (input: Record<string, unknown>) => Promise<ActionResult<{ version: number }>>;

interface FormState {
  savedVersion: number | null;
  error: string | null;
  fieldErrors: Record<string, string[]>;
}

type SettingsFields = GateThresholds & { auditSampleRate: number; atRiskShare: number };

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
  { name: "atRiskShare", label: "At-risk share", step: "0.05", hint: "An item is at risk once this share of its SLA is left (0.05–0.9)." },
];

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const CLOCK_FIELDS = new Set(["clock", "timeZone", "start", "end", "workingDays"]);

/** The SLA clock fields as the schema wants them: null = around the clock, else a business calendar. */
function readBusinessHours(form: FormData): BusinessCalendar | null {
  if (form.get("clock") !== "business") return null;
  return {
    timeZone: String(form.get("timeZone") ?? "").trim(),
    workingDays: form.getAll("workingDays").map(Number),
    start: String(form.get("start") ?? ""),
    end: String(form.get("end") ?? ""),
  };
}

const initialState: FormState = { savedVersion: null, error: null, fieldErrors: {} };

/** One gate's thresholds and SLAs. Validation messages come from the shared gateSettingsSchema. */
export function GateSettingsForm({
  workflowName,
  stepId,
  current,
  businessHours,
  save,
}: {
  workflowName: string;
  stepId: string;
  current: SettingsFields;
  businessHours: BusinessCalendar | null;
  save: SaveAction;
}) {
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
    const form = new FormData(event.currentTarget);
    const input: Record<string, unknown> = { workflowName, stepId, businessHours: readBusinessHours(form) };
    for (const [key, value] of form) {
      if (CLOCK_FIELDS.has(key)) continue;
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
      <fieldset className="space-y-2 rounded-md border border-zinc-200 p-3">
        <legend className="px-1 font-medium text-zinc-800">SLA clock</legend>
        <div className="flex flex-wrap items-end gap-3">
          <div className="space-y-1">
            <label htmlFor={`${idPrefix}-clock`} className="block text-zinc-700">
              Clock
            </label>
            <select id={`${idPrefix}-clock`} name="clock" defaultValue={businessHours ? "business" : "always"} className={inputStyles}>
              <option value="always">Around the clock</option>
              <option value="business">Business hours only</option>
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor={`${idPrefix}-timeZone`} className="block text-zinc-700">
              Time zone
            </label>
            <input id={`${idPrefix}-timeZone`} name="timeZone" type="text" defaultValue={businessHours?.timeZone ?? "UTC"} placeholder="Europe/Berlin" className={inputStyles} />
          </div>
          <div className="space-y-1">
            <label htmlFor={`${idPrefix}-start`} className="block text-zinc-700">
              Opens
            </label>
            <input id={`${idPrefix}-start`} name="start" type="time" defaultValue={businessHours?.start ?? "09:00"} className={inputStyles} />
          </div>
          <div className="space-y-1">
            <label htmlFor={`${idPrefix}-end`} className="block text-zinc-700">
              Closes
            </label>
            <input id={`${idPrefix}-end`} name="end" type="time" defaultValue={businessHours?.end ?? "17:00"} className={inputStyles} />
          </div>
          <div className="flex flex-wrap gap-2" role="group" aria-label="Working days">
            {WEEKDAYS.map((day, index) => (
              <label key={day} className="flex items-center gap-1 text-zinc-700">
                <input type="checkbox" name="workingDays" value={index + 1} defaultChecked={businessHours ? businessHours.workingDays.includes(index + 1) : index < 5} />
                {day}
              </label>
            ))}
          </div>
        </div>
        {state.fieldErrors.businessHours ? (
          <p className="text-xs text-red-700">{state.fieldErrors.businessHours[0]}</p>
        ) : (
          <p className="text-xs text-zinc-500">With business hours, SLA deadlines count working time only: the clock pauses overnight and at weekends.</p>
        )}
      </fieldset>
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
