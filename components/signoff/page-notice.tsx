"use client";

import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { StatusNotice, useNotice } from "@/components/ui/status-notice";

// The sign-off page's messages live above its sections: an action (sign, request, reopen) re-reads
// the page (router.refresh) and the control that acted often disappears with it — its message
// must not.

interface PageNotice {
  /** A polite message (done). */
  announce: (text: string) => void;
  /** A message that interrupts (the action did not happen); null clears it. */
  alert: (text: string | null) => void;
}

const Ctx = createContext<PageNotice>({ announce: () => {}, alert: () => {} });

export function PageNoticeProvider({ children }: { children: ReactNode }) {
  const { notice, announce: say } = useNotice();
  const [alertText, setAlert] = useState<string | null>(null);
  const announce = useCallback(
    (text: string) => {
      setAlert(null);
      say(text);
    },
    [say],
  );
  return (
    <Ctx.Provider value={{ announce, alert: setAlert }}>
      <div className="space-y-2 empty:hidden">
        {alertText && <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="page-alert">{alertText}</p>}
        <StatusNotice notice={notice} />
      </div>
      {children}
    </Ctx.Provider>
  );
}

export const usePageNotice = () => useContext(Ctx);
