"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useTRPCClient } from "@/lib/trpc/client";
import { VERSION_LIMITS, ZReopen } from "@/lib/schemas/signoff";
import { NO_ERRORS, useAppErrors, type FormErrors } from "@/components/ui/app-errors";
import { FormError, TextAreaField } from "@/components/ui/form-fields";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { usePageNotice } from "./page-notice";

/** 重新打开 a final draft (its owner or the chair), with a reason; audited by the server. */
export function ReopenButton({ draftId }: { draftId: string }) {
  const t = useTranslations("signoff.ui");
  const client = useTRPCClient();
  const router = useRouter();
  const appErrors = useAppErrors();
  const { announce } = usePageNotice();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const parsed = ZReopen.safeParse({ draftId, reason: String(new FormData(e.currentTarget).get("reason") ?? "") });
    if (!parsed.success) return setErrors(appErrors.fromZod(parsed.error));
    setPending(true);
    try {
      await client.signoff.reopen.mutate(parsed.data);
      setOpen(false);
      setErrors(NO_ERRORS);
      announce(t("reopen.done"));
      router.refresh();
    } catch (err) {
      setErrors(appErrors.fromServer(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <button type="button" className="btn-secondary" aria-haspopup="dialog" onClick={() => setOpen(true)}>{t("reopen.title")}</button>
      {open && (
        <ModalDialog title={t("reopen.title")} onClose={() => setOpen(false)}>
          <form onSubmit={onSubmit} className="space-y-3" noValidate>
            <p className="text-sm text-stone-700">{t("reopen.intro")}</p>
            <FormError message={errors.form} />
            <TextAreaField label={t("reopen.reason")} name="reason" required maxLength={VERSION_LIMITS.maxReason} error={errors.fields["reason"]} data-autofocus />
            <div className="flex flex-wrap justify-end gap-2 pt-2">
              <button type="button" className="btn-secondary" onClick={() => setOpen(false)}>{t("cancel")}</button>
              <button type="submit" className="btn-danger" disabled={pending}>{t("reopen.submit")}</button>
            </div>
          </form>
        </ModalDialog>
      )}
    </>
  );
}
