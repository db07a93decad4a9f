import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { safeCallbackUrl } from "@/components/auth/safe-callback-url";
import { SignInForm } from "@/components/auth/sign-in-form";
import { BrandMark } from "@/components/shell/brand-mark";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  // Already signed in (e.g. the back button): go straight on.
  if (await getCurrentUser()) redirect(callbackUrl);
  // next-auth's own pages send errors here as ?error=CredentialsSignin.
  const initialError = typeof params.error === "string" ? (params.error === "CredentialsSignin" ? "Wrong email or password." : "Sign-in failed. Please try again.") : null;

  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2">
          <BrandMark />
        </div>
        <div className="rounded-lg border border-zinc-200 bg-white p-6 shadow-xs">
          <h1 className="mb-1 text-base font-semibold">Sign in</h1>
          <p className="mb-5 text-zinc-500">Review and approve AI work before it goes out.</p>
          <SignInForm callbackUrl={callbackUrl} initialError={initialError} />
        </div>
      </div>
    </main>
  );
}
