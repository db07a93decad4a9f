"use client";

import { startTransition, useActionState, useState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/auth/authorized-action";
import { decisionSchema, MAX_EDIT_LENGTH, MAX_REASON_LENGTH, REASON_CODES, reasonCodeLabels, type DecisionInput, type ReasonCode } from "@/lib/schemas/review";
import { buttonStyles, inlineSelectStyles, inputStyles } from "../ui/button-styles";

type DecideAction = (input: { itemId: string; decision: DecisionInput }) => Promise<ActionResult<unknown>>;

interface DecisionState {
  /** The server's answer, e.g. "Your claim on this item expired…". */
  error: string | null;
  editedText: string | null;
  reason: string | null;
}

const initialState: DecisionState = { error: null, editedText: null, reason: null };

/**
 * Approve, edit or reject: three small forms sharing one action. Each is validated with the
 * same schema the server action uses, so a missing reason is caught before the round trip.
 */
export function DecisionForm({ itemId, proposedText, decide }: { itemId: string; proposedText: string; decide: DecideAction }) {
  const [reply, setReply] = useState(proposedText);
  const [reason, setReason] = useState("");
  const [editCode, setEditCode] = useState<ReasonCode | "">("");
  const [rejectCode, setRejectCode] = useState<ReasonCode | "">("");
  const [state, dispatch, pending] = useActionState<DecisionState, DecisionInput>(async (_previous, decision) => {
    const parsed = decisionSchema.safeParse(decision);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? "Check this field";
      return decision.action === "edited" ? { ...initialState, editedText: message } : { ...initialState, reason: message };
    }
    if (parsed.data.action === "edited" && parsed.data.editedText === proposedText.trim()) {
      return { ...initialState, editedText: "The reply is unchanged: use Approve to send it as it is." };
    }
    // On success the action redirects to the queue; a result is an error to show.
    const result = await decide({ itemId, decision: parsed.data });
    return result && !result.ok ? { ...initialState, error: result.error } : initialState;
  }, initialState);

  const submit = (decision: () => DecisionInput) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    startTransition(() => dispatch(decision()));
  };
  const edited = reply !== proposedText;

  return (
    <div className="space-y-5">
      {state.error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-700">
          {state.error}
        </p>
      ) : null}

      <form onSubmit={submit(() => ({ action: "approved" }))} className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-zinc-600">
          {edited ? "You have changed the reply: Approve sends the original, Save edit sends yours." : "The proposed reply is right: send it as it is."}
        </p>
        <button type="submit" disabled={pending} className={buttonStyles.success}>
          Approve
        </button>
      </form>

      <form onSubmit={submit(() => ({ action: "edited", editedText: reply, reasonCode: editCode || undefined }))} className="space-y-2 border-t border-zinc-100 pt-4" noValidate>
        <label htmlFor="decision-reply" className="block font-medium text-zinc-800">
          Reply
        </label>
        <textarea
          id="decision-reply"
          name="editedText"
          rows={10}
          maxLength={MAX_EDIT_LENGTH}
          value={reply}
          onChange={(event) => setReply(event.target.value)}
          aria-invalid={state.editedText ? true : undefined}
          aria-describedby={state.editedText ? "decision-reply-error" : "decision-reply-hint"}
          className={`${inputStyles} whitespace-pre-wrap leading-relaxed`}
        />
        <div className="flex flex-wrap items-start justify-between gap-3">
          {state.editedText ? (
            <p id="decision-reply-error" className="text-red-700">
              {state.editedText}
            </p>
          ) : (
            <p id="decision-reply-hint" className="text-zinc-500">
              Correct the reply, then save it as your edit. The original is kept beside it.
            </p>
          )}
          <div className="flex flex-wrap gap-2">
            <ReasonCodeSelect id="decision-edit-code" label="Why edit" value={editCode} onChange={setEditCode} />
            {edited ? (
              <button type="button" disabled={pending} onClick={() => setReply(proposedText)} className={buttonStyles.ghost}>
                Undo changes
              </button>
            ) : null}
            <button type="submit" disabled={pending} className={buttonStyles.primary}>
              Save edit
            </button>
          </div>
        </div>
      </form>

      <form onSubmit={submit(() => ({ action: "rejected", reason, reasonCode: rejectCode || undefined }))} className="space-y-2 border-t border-zinc-100 pt-4" noValidate>
        <label htmlFor="decision-reason" className="block font-medium text-zinc-800">
          Reason
        </label>
        <input
            id="decision-reason"
            name="reason"
            type="text"
            maxLength={MAX_REASON_LENGTH}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            aria-required="true"
            aria-invalid={state.reason ? true : undefined}
            aria-describedby={state.reason ? "decision-reason-error" : "decision-reason-hint"}
            placeholder="Why should this reply not go out?"
            className={inputStyles}
          />
        <div className="flex flex-wrap justify-end gap-2">
          <ReasonCodeSelect id="decision-reject-code" label="Reason code" value={rejectCode} onChange={setRejectCode} />
          <button type="submit" disabled={pending} className={`${buttonStyles.danger} shrink-0`}>
            Reject
          </button>
        </div>
        {state.reason ? (
          <p id="decision-reason-error" className="text-red-700">
            {state.reason}
          </p>
        ) : (
          <p id="decision-reason-hint" className="text-zinc-500">
            Rejected output is not used: the run takes its rejection path. The reason is kept with the decision.
          </p>
        )}
      </form>
    </div>
  );
}

/** An optional coded reason, so the audit trail can count why outputs were corrected. */
function ReasonCodeSelect({ id, label, value, onChange }: { id: string; label: string; value: ReasonCode | ""; onChange: (code: ReasonCode | "") => void }) {
  return (
    <>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as ReasonCode | "")} className={inlineSelectStyles}>
        <option value="">{label}: none</option>
        {REASON_CODES.map((code) => (
          <option key={code} value={code}>
            {reasonCodeLabels[code]}
          </option>
        ))}
      </select>
    </>
  );
}
