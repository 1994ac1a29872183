"use client";

import { useSyncExternalStore } from "react";

const never = () => () => {};

/**
 * False on the server and while React hydrates, true right after (one more render). For
 * islands that show nothing the server knows — data they load themselves, a live document —
 * so the server does not render (per request, for nothing) a state the browser replaces.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(never, () => true, () => false);
}
