"use client";

import { startTransition, useActionState, useState, type FormEvent } from "react";
import { apiScopeLabels, apiScopes } from "@/lib/api/api-tokens-scopes";
import type { ActionResult } from "@/lib/auth/authorized-action";
import { buttonStyles, inputStyles } from "../ui/button-styles";

type CreateAction = (input: Record<string, unknown>) => Promise<ActionResult<{ id: string; secret: string }>>;

interface State {
  secret: string | null;
  error: string | null;
  attempt: number;
}

/** Issues a token and shows its secret once: only a hash is kept, so it cannot be shown again. */
export function CreateTokenForm({ owners, create }: { owners: { id: string; name: string; role: string }[]; create: CreateAction }) {
  const [copied, setCopied] = useState(false);
  const [state, dispatch, pending] = useActionState<State, Record<string, unknown>>(async (previous, input) => {
    const result = await create(input);
    return result.ok ? { secret: result.data.secret, error: null, attempt: previous.attempt + 1 } : { secret: null, error: result.error, attempt: previous.attempt };
  }, { secret: null, error: null, attempt: 0 });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setCopied(false);
    startTransition(() => dispatch({ name: form.get("name"), ownerId: form.get("ownerId"), scopes: form.getAll("scopes") }));
  };

  return (
    <div className="space-y-4">
      <form key={state.attempt} onSubmit={onSubmit} className="space-y-3">
        <div className="grid gap-3 sm:grid-cols-2">
          <div className="space-y-1">
            <label htmlFor="token-name" className="block font-medium text-zinc-800">Name</label>
            <input id="token-name" name="name" type="text" maxLength={100} placeholder="What uses it, e.g. Prometheus" className={inputStyles} />
          </div>
          <div className="space-y-1">
            <label htmlFor="token-owner" className="block font-medium text-zinc-800">Acts as</label>
            <select id="token-owner" name="ownerId" defaultValue="" className={inputStyles}>
              <option value="">Nobody (a system)</option>
              {owners.map((owner) => (
                <option key={owner.id} value={owner.id}>{owner.name} ({owner.role})</option>
              ))}
            </select>
          </div>
        </div>
        <fieldset>
          <legend className="font-medium text-zinc-800">Scopes</legend>
          <div className="mt-1 grid gap-1 sm:grid-cols-2">
            {apiScopes.map((scope) => (
              <label key={scope} className="flex items-start gap-2">
                <input type="checkbox" name="scopes" value={scope} className="mt-1" />
                <span>
                  <span className="font-mono text-xs">{scope}</span> <span className="text-zinc-600">— {apiScopeLabels[scope]}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" disabled={pending} className={buttonStyles.primary}>{pending ? "Creating…" : "Create token"}</button>
          {state.error ? <p role="alert" className="text-red-700">{state.error}</p> : null}
        </div>
      </form>
      {state.secret ? (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3">
          <p className="font-medium text-amber-900">Copy the token now: it is shown only this once.</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code data-testid="new-token-secret" className="select-all break-all rounded bg-white px-2 py-1 font-mono text-xs ring-1 ring-amber-200">{state.secret}</code>
            <button
              type="button"
              className={`${buttonStyles.secondary} px-2 py-1 text-xs`}
              onClick={async () => {
                await navigator.clipboard?.writeText(state.secret ?? "");
                setCopied(true);
              }}
            >
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
