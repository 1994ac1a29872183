"use client";

import { signOutAction } from "@/app/actions/session";
import { clearLocalDrafts } from "@/components/editor/local-store";

/** Signing out also removes local draft copies, so the next person at this computer sees none. */
export function SignOutButton({ label }: { label: string }) {
  return (
    <form
      action={async () => {
        await clearLocalDrafts().catch(() => {});
        await signOutAction();
      }}
    >
      <button type="submit" className="w-full rounded px-2 py-1 text-left text-sm text-red-700 hover:bg-red-50">
        {label}
      </button>
    </form>
  );
}
