"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useRef, useState, type FormEvent } from "react";
import { useTRPCClient } from "@/lib/trpc/client";
import { VERSION_LIMITS, ZSign } from "@/lib/schemas/signoff";
import { NO_ERRORS, useAppErrors, type FormErrors } from "@/components/ui/app-errors";
import { FormError, TextAreaField } from "@/components/ui/form-fields";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { errorCode } from "./errors";
import { usePageNotice } from "./page-notice";

type Decision = "APPROVE" | "RETURN";

export interface SignTarget {
  draftId: string;
  roundId: string;
  versionId: string;
  versionNumber: number;
  /** The hash of the version this page showed: what the signer saw. */
  hash: string;
}

/**
 * 同意 / 退回修改 for a signer whose turn it is. The dialog asks for the password (the server
 * accepts none within 5 minutes of signing in, and says so when it needs one) and sends the hash
 * this page showed; a CONFLICT (another version is under sign-off now, or the round ended) closes
 * the dialog, says 内容已更新 and reloads the page's data.
 */
export function SignActions({ target }: { target: SignTarget }) {
  const t = useTranslations("signoff.ui");
  const router = useRouter();
  const [decision, setDecision] = useState<Decision | null>(null);
  const { announce, alert } = usePageNotice();
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-primary min-w-24" aria-haspopup="dialog" onClick={() => setDecision("APPROVE")}>{t("mine.approve")}</button>
        <button type="button" className="btn-danger min-w-24" aria-haspopup="dialog" onClick={() => setDecision("RETURN")}>{t("mine.return")}</button>
      </div>
      {decision && (
        <SignDialog
          target={target}
          decision={decision}
          onClose={() => setDecision(null)}
          onStale={() => {
            setDecision(null);
            alert(t("mine.stale"));
            router.refresh();
          }}
          onDone={(roundStatus) => {
            setDecision(null);
            announce(t(decision === "RETURN" ? "sign.doneReturn" : roundStatus === "APPROVED" ? "sign.doneFinal" : "sign.doneApprove"));
            router.refresh();
          }}
        />
      )}
    </div>
  );
}

function SignDialog({
  target, decision, onClose, onStale, onDone,
}: {
  target: SignTarget;
  decision: Decision;
  onClose: () => void;
  onStale: () => void;
  onDone: (roundStatus: string) => void;
}) {
  const t = useTranslations("signoff.ui");
  const client = useTRPCClient();
  const appErrors = useAppErrors();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [pending, setPending] = useState(false);
  const password = useRef<HTMLInputElement>(null);
  const returning = decision === "RETURN";

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    const f = new FormData(e.currentTarget);
    const pw = String(f.get("password") ?? "");
    const parsed = ZSign.safeParse({
      draftId: target.draftId, roundId: target.roundId, versionId: target.versionId, hashSeen: target.hash,
      decision, comment: String(f.get("comment") ?? ""), ...(pw ? { password: pw } : {}),
    });
    if (!parsed.success) {
      setErrors(appErrors.fromZod(parsed.error));
      return;
    }
    setErrors(NO_ERRORS);
    setPending(true);
    try {
      const r = await client.signoff.sign.mutate(parsed.data);
      onDone(r.roundStatus);
    } catch (err) {
      if (errorCode(err) === "CONFLICT") return onStale();
      const found = appErrors.fromServer(err, { "signoff.wrongPassword": "password", "signoff.reauthRequired": "password", "signoff.reauthLimited": "password" });
      setErrors(found);
      if (found.fields["password"]) {
        password.current?.focus();
        password.current?.select();
      }
    } finally {
      setPending(false);
    }
  }

  const pwError = errors.fields["password"];
  return (
    <ModalDialog title={t(returning ? "sign.titleReturn" : "sign.titleApprove", { number: target.versionNumber })} onClose={onClose}>
      <form onSubmit={onSubmit} className="space-y-3" noValidate>
        <p className="break-all text-xs text-stone-600">{t("sign.hash", { hash: target.hash.slice(0, 12) })}</p>
        <FormError message={errors.form} />
        <TextAreaField
          label={t(returning ? "sign.commentReturn" : "sign.comment")}
          name="comment"
          maxLength={VERSION_LIMITS.maxComment}
          required={returning}
          error={errors.fields["comment"]}
          {...(returning ? { "data-autofocus": true } : {})}
        />
        <div>
          <label htmlFor="sign-password" className="label">{t("sign.password")}</label>
          <input
            ref={password}
            id="sign-password"
            name="password"
            type="password"
            autoComplete="current-password"
            maxLength={VERSION_LIMITS.maxPassword}
            className="input"
            aria-invalid={pwError ? true : undefined}
            aria-describedby={pwError ? "sign-password-error" : "sign-password-hint"}
            {...(returning ? {} : { "data-autofocus": true })}
          />
          {pwError ? (
            <p id="sign-password-error" role="alert" className="field-error">{pwError}</p>
          ) : (
            <p id="sign-password-hint" className="mt-1 text-xs text-stone-500">{t("sign.passwordHint")}</p>
          )}
        </div>
        <div className="flex flex-wrap justify-end gap-2 pt-2">
          <button type="button" className="btn-secondary" onClick={onClose}>{t("cancel")}</button>
          <button type="submit" className={returning ? "btn-danger" : "btn-primary"} disabled={pending}>
            {pending ? t("sign.pending") : t(returning ? "sign.submitReturn" : "sign.submitApprove")}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
