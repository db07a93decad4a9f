"use client";

import { signOut } from "next-auth/react";
import { useTransition } from "react";
import { buttonStyles } from "../ui/button-styles";

export function SignOutButton() {
  const [pending, startTransition] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      className={buttonStyles.ghost}
      onClick={() =>
        startTransition(async () => {
          // redirect: false and our own navigation: next-auth would send us to NEXTAUTH_URL's host.
          await signOut({ redirect: false });
          window.location.assign("/sign-in");
        })
      }
    >
      Sign out
    </button>
  );
}
