"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/auth/authorized-action";
import { roleLabels, roles } from "@/lib/auth/permissions";
import { MIN_PASSWORD_LENGTH } from "@/lib/schemas/admin";
import { buttonStyles, inputStyles } from "../ui/button-styles";

type CreateAction = (input: Record<string, unknown>) => Promise<ActionResult<{ id: string }>>;

interface State {
  created: number;
  error: string | null;
  fieldErrors: Record<string, string[]>;
}

export function CreateUserForm({ create }: { create: CreateAction }) {
  const [state, dispatch, pending] = useActionState<State, Record<string, unknown>>(async (previous, input) => {
    const result = await create(input);
    if (result.ok) return { created: previous.created + 1, error: null, fieldErrors: {} };
    return { created: previous.created, error: result.fieldErrors ? "Check the highlighted fields." : result.error, fieldErrors: result.fieldErrors ?? {} };
  }, { created: 0, error: null, fieldErrors: {} });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const input = Object.fromEntries(new FormData(form));
    startTransition(() => dispatch(input));
  };

  const field = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement>) => {
    const error = state.fieldErrors[name]?.[0];
    return (
      <div className="space-y-1">
        <label htmlFor={`new-user-${name}`} className="block font-medium text-zinc-800">{label}</label>
        <input id={`new-user-${name}`} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? `new-user-${name}-error` : undefined} className={inputStyles} {...props} />
        {error ? <p id={`new-user-${name}-error`} className="text-xs text-red-700">{error}</p> : null}
      </div>
    );
  };

  return (
    // A new key after each success empties the form for the next person.
    <form key={state.created} onSubmit={onSubmit} noValidate className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {field("name", "Name", { type: "text", autoComplete: "off", maxLength: 100 })}
        {field("email", "E-mail", { type: "email", autoComplete: "off" })}
        <div className="space-y-1">
          <label htmlFor="new-user-role" className="block font-medium text-zinc-800">Role</label>
          <select id="new-user-role" name="role" defaultValue="reviewer" className={inputStyles}>
            {roles.map((role) => (
              <option key={role} value={role}>{roleLabels[role]}</option>
            ))}
          </select>
        </div>
        {field("password", "First password", { type: "password", autoComplete: "new-password", minLength: MIN_PASSWORD_LENGTH })}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={buttonStyles.primary}>{pending ? "Creating…" : "Create user"}</button>
        {state.error ? <p role="alert" className="text-red-700">{state.error}</p> : null}
        {state.created > 0 && !state.error ? <p role="status" className="text-emerald-700">User created. Give them their first password in person.</p> : null}
      </div>
    </form>
  );
}
