import type { Metadata } from "next";
import Link from "next/link";
import { buttonStyles } from "@/components/ui/button-styles";

export const metadata: Metadata = { title: "No access" };

export default function ForbiddenPage() {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4">
      <div className="max-w-md rounded-lg border border-zinc-200 bg-white p-6 text-center shadow-xs">
        <h1 className="text-base font-semibold">You do not have access to this page</h1>
        <p className="mt-1 text-zinc-500">Your role does not include this area. Ask an admin if you think it should.</p>
        <Link href="/" className={`${buttonStyles.secondary} mt-5`}>
          Go to your start page
        </Link>
      </div>
    </main>
  );
}
