"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/authorized-action";
import { roleLabels, roles, type Role } from "@/lib/auth/permissions";
import { buttonStyles, inlineSelectStyles } from "../ui/button-styles";

type RoleAction = (input: { userId: string; role: Role }) => Promise<ActionResult<unknown>>;
type ActiveAction = (input: { userId: string; active: boolean }) => Promise<ActionResult<unknown>>;

/** Role picker and (de)activation for one account; changes apply on that user's next request. */
export function UserControls({ user, isSelf, changeRole, setActive }: { user: { id: string; name: string; role: Role; active: boolean }; isSelf: boolean; changeRole: RoleAction; setActive: ActiveAction }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = (action: () => Promise<ActionResult<unknown>>) =>
    startTransition(async () => {
      const result = await action();
      setError(result.ok ? null : result.error);
    });
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <label className="sr-only" htmlFor={`role-${user.id}`}>Role of {user.name}</label>
      <select
        id={`role-${user.id}`}
        value={user.role}
        disabled={pending || isSelf}
        onChange={(event) => run(() => changeRole({ userId: user.id, role: event.target.value as Role }))}
        className={`${inlineSelectStyles} py-1`}
      >
        {roles.map((role) => (
          <option key={role} value={role}>{roleLabels[role]}</option>
        ))}
      </select>
      {isSelf ? null : user.active ? (
        <button
          type="button"
          disabled={pending}
          className={`${buttonStyles.danger} px-2 py-1 text-xs`}
          onClick={() => {
            if (window.confirm(`Deactivate ${user.name}? They are signed out on their next request and their API tokens stop working.`)) run(() => setActive({ userId: user.id, active: false }));
          }}
        >
          Deactivate
        </button>
      ) : (
        <button type="button" disabled={pending} className={`${buttonStyles.secondary} px-2 py-1 text-xs`} onClick={() => run(() => setActive({ userId: user.id, active: true }))}>
          Reactivate
        </button>
      )}
      {error ? <p role="alert" className="w-full text-right text-xs text-red-700">{error}</p> : null}
    </div>
  );
}
