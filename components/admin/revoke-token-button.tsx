"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/authorized-action";
import { buttonStyles } from "../ui/button-styles";

export function RevokeTokenButton({ tokenId, name, revoke }: { tokenId: string; name: string; revoke: (input: { tokenId: string }) => Promise<ActionResult<unknown>> }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        disabled={pending}
        className={`${buttonStyles.danger} px-2 py-1 text-xs`}
        onClick={() => {
          if (!window.confirm(`Revoke "${name}"? Requests with it are refused from now on; this cannot be undone.`)) return;
          startTransition(async () => {
            const result = await revoke({ tokenId });
            setError(result.ok ? null : result.error);
          });
        }}
      >
        {pending ? "Revoking…" : "Revoke"}
      </button>
      {error ? <span role="alert" className="text-xs text-red-700">{error}</span> : null}
    </span>
  );
}
