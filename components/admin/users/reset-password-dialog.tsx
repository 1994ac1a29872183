"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { ZPassword } from "@/lib/schemas/user";
import type { AdminUser } from "@/components/ui/router-types";
import { NO_ERRORS, useAppErrors, type FormErrors } from "@/components/ui/app-errors";
import { FormError, TextField } from "@/components/ui/form-fields";
import { ModalDialog } from "@/components/ui/modal-dialog";

export function ResetPasswordDialog({
  user, onClose, onDone,
}: {
  user: AdminUser;
  onClose: () => void;
  onDone: () => void;
}) {
  const t = useTranslations("admin.users");
  const trpc = useTRPC();
  const errorsOf = useAppErrors();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);

  const reset = useMutation(
    trpc.admin.users.resetPassword.mutationOptions({
      onSuccess: onDone,
      onError: (e) => setErrors(errorsOf.fromServer(e)),
    }),
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const password = String(new FormData(e.currentTarget).get("password") ?? "");
    const parsed = ZPassword.safeParse(password);
    if (!parsed.success) {
      // A bare string schema reports no path; the message belongs to the one field.
      setErrors({ form: null, fields: { password: errorsOf.fromZod(parsed.error).form ?? "" } });
      return;
    }
    setErrors(NO_ERRORS);
    reset.mutate({ userId: user.id, password: parsed.data });
  }

  return (
    <ModalDialog title={t("resetTitle", { name: user.name })} onClose={onClose}>
      <form aria-label={t("resetTitle", { name: user.name })} onSubmit={onSubmit} noValidate className="space-y-4">
        <p className="text-sm text-stone-600">{t("resetExplain")}</p>
        <FormError message={errors.form} />
        <TextField
          name="password" type="password" label={t("newPassword")} error={errors.fields.password ?? errors.fields.userId}
          required autoComplete="new-password" data-autofocus hint={t("passwordHint")}
        />
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={onClose}>{t("cancel")}</button>
          <button type="submit" className="btn-primary" disabled={reset.isPending}>{t("confirm")}</button>
        </div>
      </form>
    </ModalDialog>
  );
}
