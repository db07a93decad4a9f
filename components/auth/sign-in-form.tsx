"use client";

import { signIn } from "next-auth/react";
import { useActionState } from "react";
import { buttonStyles, inputStyles } from "../ui/button-styles";

type SignInState = { error: string | null; email: string };

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string | null }) {
  const [state, formAction, pending] = useActionState<SignInState, FormData>(
    async (_previous, formData) => {
      const email = String(formData.get("email") ?? "").trim();
      const password = String(formData.get("password") ?? "");
      if (!email || !password) return { error: "Enter your email and password.", email };
      const result = await signIn("credentials", { redirect: false, email, password });
      if (!result || result.error || !result.ok) {
        return { error: result?.error === "CredentialsSignin" || result?.status === 401 ? "Wrong email or password." : "Sign-in failed. Please try again.", email };
      }
      // A full navigation, so every server component renders with the new session cookie.
      window.location.assign(callbackUrl);
      return { error: null, email };
    },
    { error: initialError ?? null, email: "" },
  );

  return (
    <form action={formAction} className="space-y-4" noValidate>
      <div className="space-y-1.5">
        <label htmlFor="email" className="block font-medium text-zinc-800">
          Email
        </label>
        <input id="email" name="email" type="email" autoComplete="username" required defaultValue={state.email} className={inputStyles} aria-invalid={state.error ? true : undefined} />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="password" className="block font-medium text-zinc-800">
          Password
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className={inputStyles} aria-invalid={state.error ? true : undefined} />
      </div>
      {state.error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-700">
          {state.error}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className={`${buttonStyles.primary} w-full`}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
