"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/authorized-action";
import { buttonStyles } from "../ui/button-styles";

type RollbackAction = (input: { workflowName: string; stepId: string; toVersion: number }) => Promise<ActionResult<{ version: number; rolledBackFrom: number | null }>>;

/** Restores an older version as a new one; asks first, and says what happened. */
export function RollbackButton({ workflowName, stepId, toVersion, rollback }: { workflowName: string; stepId: string; toVersion: number; rollback: RollbackAction }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const onClick = () => {
    if (!window.confirm(`Restore version ${toVersion}? It is saved as a new version; nothing is deleted.`)) return;
    startTransition(async () => {
      const result = await rollback({ workflowName, stepId, toVersion });
      setMessage(result.ok ? { ok: true, text: `Restored as version ${result.data.version}` } : { ok: false, text: result.error });
    });
  };
  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" onClick={onClick} disabled={pending} className={`${buttonStyles.secondary} px-2 py-0.5 text-xs`}>
        {pending ? "Restoring…" : `Roll back to v${toVersion}`}
      </button>
      {message ? (
        <span role={message.ok ? "status" : "alert"} className={`text-xs ${message.ok ? "text-emerald-700" : "text-red-700"}`}>
          {message.text}
        </span>
      ) : null}
    </span>
  );
}
