"use client";

import { useCallback, useState } from "react";

// A polite live region that stays mounted, so screen readers announce each new message.

export function useNotice() {
  const [notice, setNotice] = useState<{ text: string; tone: "ok" | "error"; seq: number } | null>(null);
  const announce = useCallback(
    (text: string, tone: "ok" | "error" = "ok") => setNotice((n) => ({ text, tone, seq: (n?.seq ?? 0) + 1 })),
    [],
  );
  const clear = useCallback(() => setNotice(null), []);
  return { notice, announce, clear };
}

export function StatusNotice({ notice }: { notice: { text: string; tone: "ok" | "error"; seq: number } | null }) {
  return (
    <div role="status" aria-live="polite" aria-atomic="true" className="empty:hidden">
      {notice && (
        <p
          key={notice.seq}
          className={`rounded-md px-3 py-2 text-sm ${
            notice.tone === "ok" ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"
          }`}
        >
          {notice.text}
        </p>
      )}
    </div>
  );
}
