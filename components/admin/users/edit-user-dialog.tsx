"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { GLOBAL_ROLES, ZUpdateUser } from "@/lib/schemas/user";
import type { AdminUser } from "@/components/ui/router-types";
import { NO_ERRORS, useAppErrors, type FormErrors } from "@/components/ui/app-errors";
import { FormError, SelectField, TextField } from "@/components/ui/form-fields";
import { ModalDialog } from "@/components/ui/modal-dialog";

export function EditUserDialog({
  user, isSelf, onClose, onSaved,
}: {
  user: AdminUser;
  /** The secretariat cannot change its own role: it would lock itself out of this page. */
  isSelf: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorsOf = useAppErrors();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);

  const update = useMutation(
    trpc.admin.users.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.queryKey() });
        onSaved();
      },
      onError: (e) => setErrors(errorsOf.fromServer(e, { emailTaken: "email" })),
    }),
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const parsed = ZUpdateUser.safeParse({
      userId: user.id,
      name: String(form.get("name") ?? ""),
      email: email === "" ? null : email,
      title: String(form.get("title") ?? ""),
      ...(isSelf ? {} : { role: String(form.get("role") ?? user.role) }),
    });
    if (!parsed.success) {
      setErrors(errorsOf.fromZod(parsed.error));
      return;
    }
    setErrors(NO_ERRORS);
    update.mutate(parsed.data);
  }

  const f = errors.fields;
  return (
    <ModalDialog title={t("admin.users.editTitle", { name: user.name })} onClose={onClose}>
      <form aria-label={t("admin.users.editTitle", { name: user.name })} onSubmit={onSubmit} noValidate className="space-y-4">
        <FormError message={errors.form} />
        <TextField name="name" label={t("admin.users.name")} defaultValue={user.name} error={f.name} required data-autofocus autoComplete="off" />
        <TextField name="title" label={t("admin.users.titleField")} defaultValue={user.title} error={f.title} autoComplete="off" />
        <TextField name="email" type="email" label={t("admin.users.email")} defaultValue={user.email ?? ""} error={f.email} autoComplete="off" />
        <SelectField
          name="role" label={t("admin.users.role")} defaultValue={user.role} error={f.role}
          disabled={isSelf} hint={isSelf ? t("admin.users.ownRoleHint") : undefined}
          options={GLOBAL_ROLES.map((r) => ({ value: r, label: t(`roles.global.${r}`) }))}
        />
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={onClose}>{t("admin.users.cancel")}</button>
          <button type="submit" className="btn-primary" disabled={update.isPending}>
            {update.isPending ? t("admin.users.saving") : t("admin.users.save")}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
