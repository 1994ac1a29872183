"use client";

import { useEffect } from "react";

/**
 * Marks the page as hydrated (`<html data-hydrated="true">`) once React has attached its
 * handlers. Until then a click on a server-rendered button does nothing; the browser tests
 * wait for this mark after every full page load (e2e/support/test.ts) instead of racing it.
 */
export function HydrationMark() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return null;
}
