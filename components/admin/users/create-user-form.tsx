"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { GLOBAL_ROLES, ZCreateUser } from "@/lib/schemas/user";
import { NO_ERRORS, useAppErrors, type FormErrors } from "@/components/ui/app-errors";
import { FormError, SelectField, TextField } from "@/components/ui/form-fields";

const FIELD_FOR = { usernameTaken: "username", emailTaken: "email" };

export function CreateUserForm({
  id, onCreated, onCancel,
}: {
  id: string;
  onCreated: (name: string) => void;
  onCancel: () => void;
}) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorsOf = useAppErrors();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);

  const create = useMutation(
    trpc.admin.users.create.mutationOptions({
      onSuccess: async (user) => {
        await queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.queryKey() });
        onCreated(user.name);
      },
      onError: (e) => setErrors(errorsOf.fromServer(e, FIELD_FOR)),
    }),
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const values = {
      username: String(form.get("username") ?? ""),
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      title: String(form.get("title") ?? ""),
      role: String(form.get("role") ?? "MEMBER"),
      password: String(form.get("password") ?? ""),
    };
    const parsed = ZCreateUser.safeParse(values);
    if (!parsed.success) {
      setErrors(errorsOf.fromZod(parsed.error));
      return;
    }
    setErrors(NO_ERRORS);
    create.mutate(parsed.data);
  }

  const f = errors.fields;
  return (
    <form id={id} aria-label={t("admin.users.create")} onSubmit={onSubmit} noValidate className="card space-y-4">
      <h2 className="text-lg font-semibold">{t("admin.users.create")}</h2>
      <FormError message={errors.form} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          name="username" label={t("admin.users.username")} error={f.username} required
          autoComplete="off" autoCapitalize="none" spellCheck={false} hint={t("admin.users.usernameHint")} autoFocus
        />
        <TextField name="name" label={t("admin.users.name")} error={f.name} required autoComplete="off" />
        <TextField name="title" label={t("admin.users.titleField")} error={f.title} autoComplete="off" />
        <TextField name="email" type="email" label={t("admin.users.email")} error={f.email} autoComplete="off" />
        <SelectField
          name="role" label={t("admin.users.role")} error={f.role} defaultValue="MEMBER"
          options={GLOBAL_ROLES.map((r) => ({ value: r, label: t(`roles.global.${r}`) }))}
        />
        <TextField
          name="password" type="password" label={t("admin.users.password")} error={f.password} required
          autoComplete="new-password" hint={t("admin.users.passwordHint")}
        />
      </div>
      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" className="btn-secondary" onClick={onCancel}>{t("admin.users.cancel")}</button>
        <button type="submit" className="btn-primary" disabled={create.isPending}>
          {create.isPending ? t("admin.users.saving") : t("admin.users.submitCreate")}
        </button>
      </div>
    </form>
  );
}
