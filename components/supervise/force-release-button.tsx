"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/authorized-action";
import { buttonStyles } from "../ui/button-styles";

type ForceReleaseAction = (input: { itemId: string }) => Promise<ActionResult<unknown>>;

/** Returns a held item to the queue; the holder's next decision on it is refused. */
export function ForceReleaseButton({ itemId, holderName, forceRelease }: { itemId: string; holderName: string; forceRelease: ForceReleaseAction }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        disabled={pending}
        title={`Take this item away from ${holderName} and return it to the queue`}
        className={`${buttonStyles.danger} whitespace-nowrap px-2.5 py-1 text-xs`}
        onClick={() =>
          startTransition(async () => {
            const result = await forceRelease({ itemId });
            setError(result.ok ? null : result.error);
          })
        }
      >
        {pending ? "Releasing…" : "Force release"}
      </button>
      {error ? (
        <p role="alert" className="max-w-48 text-right text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
