"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { ZPassword } from "@/lib/schemas/user";
import { signOutAction } from "@/app/actions/session";
import { NO_ERRORS, useAppErrors, type FormErrors } from "@/components/ui/app-errors";
import { FormError, TextField } from "@/components/ui/form-fields";

/** Time to read the confirmation before the sign-out form submits itself. */
const SIGN_OUT_DELAY_MS = 2500;

export function ChangePasswordForm() {
  const t = useTranslations();
  const trpc = useTRPC();
  const errorsOf = useAppErrors();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const signOutForm = useRef<HTMLFormElement>(null);

  const change = useMutation(
    trpc.me.changePassword.mutationOptions({
      onError: (e) => setErrors(errorsOf.fromServer(e, { wrongCurrentPassword: "currentPassword" })),
    }),
  );

  // The password change bumped the session version, so this session is already void;
  // signing out clears the stale cookie and lands on the login page.
  useEffect(() => {
    if (!change.isSuccess) return;
    const timer = setTimeout(() => signOutForm.current?.requestSubmit(), SIGN_OUT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [change.isSuccess]);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const currentPassword = String(form.get("currentPassword") ?? "");
    const newPassword = String(form.get("newPassword") ?? "");
    const confirmPassword = String(form.get("confirmPassword") ?? "");
    const fields: Record<string, string> = {};
    if (!currentPassword) fields.currentPassword = t("validation.required");
    const parsed = ZPassword.safeParse(newPassword);
    if (!parsed.success) fields.newPassword = errorsOf.fromZod(parsed.error).form ?? t("validation.required");
    else if (confirmPassword !== newPassword) fields.confirmPassword = t("account.passwordsDiffer");
    if (Object.keys(fields).length) {
      setErrors({ form: null, fields });
      return;
    }
    setErrors(NO_ERRORS);
    change.mutate({ currentPassword, newPassword });
  }

  if (change.isSuccess) {
    return (
      <div className="space-y-3">
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {t("account.passwordChanged")}
        </p>
        <form ref={signOutForm} action={signOutAction}>
          <button type="submit" className="btn-primary">{t("account.signInAgain")}</button>
        </form>
      </div>
    );
  }

  const f = errors.fields;
  return (
    <form aria-label={t("account.changePassword")} onSubmit={onSubmit} noValidate className="max-w-sm space-y-4">
      <FormError message={errors.form} />
      <TextField name="currentPassword" type="password" label={t("account.currentPassword")} error={f.currentPassword} autoComplete="current-password" required />
      <TextField
        name="newPassword" type="password" label={t("account.newPassword")} error={f.newPassword}
        autoComplete="new-password" required hint={t("account.passwordHint")}
      />
      <TextField name="confirmPassword" type="password" label={t("account.confirmPassword")} error={f.confirmPassword} autoComplete="new-password" required />
      <button type="submit" className="btn-primary" disabled={change.isPending}>
        {change.isPending ? t("account.saving") : t("account.save")}
      </button>
    </form>
  );
}
