"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/auth/authorized-action";
import { buttonStyles } from "../ui/button-styles";

type ClaimState = { kind: "idle" } | { kind: "empty" } | { kind: "error"; message: string };

/** The server action is passed in by the page, so components never import from app/. */
export function ClaimNextButton({ claimNext }: { claimNext: (input: Record<string, never>) => Promise<ActionResult<unknown>> }) {
  const [state, formAction, pending] = useActionState<ClaimState, FormData>(async () => {
    // On success the action redirects to the item, so a result means "nothing to claim" or an error.
    const result = await claimNext({});
    if (!result) return { kind: "idle" };
    return result.ok ? { kind: "empty" } : { kind: "error", message: result.error };
  }, { kind: "idle" });

  return (
    <form action={formAction} className="flex flex-wrap items-center gap-3">
      <p role="status" className="text-zinc-600 empty:hidden">
        {state.kind === "empty" ? "The queue is empty" : null}
      </p>
      {state.kind === "error" ? (
        <p role="alert" className="text-red-700">
          {state.message}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className={`${buttonStyles.primary} px-4 py-2`}>
        {pending ? "Finding an item…" : "Review next item"}
      </button>
    </form>
  );
}
