import Link from "next/link";
import { buttonStyles } from "@/components/ui/button-styles";

export default function NotFound() {
  return (
    <main className="flex min-h-[60dvh] items-center justify-center px-4">
      <div className="max-w-md text-center">
        <h1 className="text-base font-semibold">Not found</h1>
        <p className="mt-1 text-zinc-500">There is nothing at this address. It may have been removed, or the link is wrong.</p>
        <Link href="/" className={`${buttonStyles.secondary} mt-5`}>
          Go to your start page
        </Link>
      </div>
    </main>
  );
}
