"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/auth/authorized-action";
import { buttonStyles, inputStyles } from "../ui/button-styles";

type ApplyAction = (input: Record<string, unknown>) => Promise<ActionResult<{ version: number; autoThreshold: number; reviewThreshold: number }>>;

interface State {
  saved: { version: number; autoThreshold: number; reviewThreshold: number } | null;
  error: string | null;
}

/** Applies the previewed threshold as a new settings version, attributed to the admin. */
export function ApplyThresholdForm({ workflowName, stepId, threshold, apply }: { workflowName: string; stepId: string; threshold: number; apply: ApplyAction }) {
  const [state, dispatch, pending] = useActionState<State, Record<string, unknown>>(async (_previous, input) => {
    const result = await apply(input);
    if (result.ok) return { saved: result.data, error: null };
    return { saved: null, error: result.fieldErrors?.autoThreshold?.[0] ?? result.error };
  }, { saved: null, error: null });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => dispatch({ workflowName, stepId, autoThreshold: threshold, note: form.get("note") }));
  };

  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3">
      <div className="min-w-64 flex-1 space-y-1">
        <label htmlFor="apply-note" className="block font-medium text-zinc-800">
          Note
        </label>
        <input id="apply-note" name="note" type="text" maxLength={200} placeholder="Why the change? Kept in the history." className={inputStyles} />
      </div>
      <button type="submit" disabled={pending} className={buttonStyles.primary}>
        {pending ? "Applying…" : `Apply threshold ${threshold.toFixed(2)}`}
      </button>
      {state.error ? (
        <p role="alert" className="w-full text-red-700">
          {state.error}
        </p>
      ) : null}
      {state.saved ? (
        <p role="status" className="w-full text-emerald-700">
          Saved as version {state.saved.version}: auto threshold {state.saved.autoThreshold.toFixed(2)} (review threshold{" "}
          {state.saved.reviewThreshold.toFixed(2)}) is in force for new gate evaluations.
        </p>
      ) : null}
    </form>
  );
}
