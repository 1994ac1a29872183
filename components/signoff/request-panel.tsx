"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPCClient } from "@/lib/trpc/client";
import { useAppErrors } from "@/components/ui/app-errors";
import { errorKey } from "./errors";
import { usePageNotice } from "./page-notice";

/**
 * 请求审签 on the latest version (the owner). The gate is the server's: BLOCK answers
 * signoff.openThreads (shown as is); WARN answers signoff.openThreadsWarn until the request
 * carries the acknowledgement, which the checkbox gives.
 */
export function RequestButton({ draftId, versionId, versionNumber, gate }: { draftId: string; versionId: string; versionNumber: number; gate: "BLOCK" | "WARN" }) {
  const t = useTranslations("signoff.ui.request");
  const client = useTRPCClient();
  const router = useRouter();
  const appErrors = useAppErrors();
  const { announce } = usePageNotice();
  const [error, setError] = useState<string | null>(null);
  const [warned, setWarned] = useState(false);
  const [acknowledged, setAcknowledged] = useState(false);
  const [pending, setPending] = useState(false);

  async function request() {
    setPending(true);
    setError(null);
    try {
      await client.signoff.request.mutate({ draftId, versionId, ...(acknowledged ? { acknowledgeOpenThreads: true } : {}) });
      announce(t("done"));
      router.refresh();
    } catch (e) {
      if (errorKey(e) === "signoff.openThreadsWarn") setWarned(true);
      setError(appErrors.message(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-2">
      {error && <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="request-error">{error}</p>}
      {gate === "WARN" && warned && (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-1" checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} />
          <span>{t("acknowledge")}</span>
        </label>
      )}
      <button type="button" className="btn-primary" onClick={request} disabled={pending || (warned && !acknowledged)}>
        {pending ? t("pending") : t("submit", { number: versionNumber })}
      </button>
    </div>
  );
}
