"use client";

import { useId, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/authorized-action";
import { buttonStyles } from "../ui/button-styles";

type AssignAction = (input: { itemId: string; assigneeId: string | null }) => Promise<ActionResult<unknown>>;

export interface AssigneeOption {
  id: string;
  label: string;
}

/**
 * "Assign to…": reserves the item for one person whose role can take it (the options are
 * already limited to them; the server checks again), or clears the reservation.
 */
export function AssignControl({
  itemId,
  assignee,
  options,
  releasesClaimOf,
  assign,
}: {
  itemId: string;
  assignee: { id: string; name: string } | null;
  options: AssigneeOption[];
  /** Who loses their claim when the item is assigned, if someone holds it. */
  releasesClaimOf: string | null;
  assign: AssignAction;
}) {
  const selectId = useId();
  const [choice, setChoice] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (assigneeId: string | null) =>
    startTransition(async () => {
      const result = await assign({ itemId, assigneeId });
      if (result.ok) {
        setChoice("");
        setError(null);
      } else setError(result.error);
    });

  return (
    <div className="space-y-1">
      <div className="text-xs text-zinc-500">
        {assignee ? (
          <>
            Reserved for <span className="font-medium text-zinc-800">{assignee.name}</span>
          </>
        ) : (
          "Not reserved"
        )}
      </div>
      <form
        className="flex flex-wrap items-center gap-1.5"
        onSubmit={(event) => {
          event.preventDefault();
          if (choice) run(choice);
          else setError("Choose who to assign it to");
        }}
      >
        <label htmlFor={selectId} className="sr-only">
          Assign to
        </label>
        <select
          id={selectId}
          value={choice}
          disabled={pending}
          onChange={(event) => setChoice(event.target.value)}
          title={releasesClaimOf ? `Assigning releases ${releasesClaimOf}'s claim` : undefined}
          className="max-w-44 rounded-md border border-zinc-300 bg-white px-2 py-1 text-xs text-zinc-900 shadow-xs focus:border-accent-500 focus:outline-none focus:ring-2 focus:ring-accent-100"
        >
          <option value="">Assign to…</option>
          {options.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </select>
        <button type="submit" disabled={pending || options.length === 0} className={`${buttonStyles.secondary} px-2 py-1 text-xs`}>
          Assign
        </button>
        {assignee ? (
          <button type="button" disabled={pending} onClick={() => run(null)} className={`${buttonStyles.ghost} px-2 py-1 text-xs`}>
            Clear assignment
          </button>
        ) : null}
      </form>
      {error ? (
        <p role="alert" className="max-w-64 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
