"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { ZCommittee } from "@/lib/schemas/user";
import type { AdminCommittee } from "@/components/ui/router-types";
import { NO_ERRORS, useAppErrors, type FormErrors } from "@/components/ui/app-errors";
import { FormError, TextAreaField, TextField } from "@/components/ui/form-fields";

/** Creates a committee, or edits one when `committee` is given. */
export function CommitteeForm({
  id, title, committee, onSaved, onCancel,
}: {
  id?: string;
  title: string;
  committee?: AdminCommittee;
  onSaved: (name: string) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("admin.committees");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorsOf = useAppErrors();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);

  const handlers = {
    onSuccess: async (saved: { name: string }) => {
      await queryClient.invalidateQueries({ queryKey: trpc.admin.committees.list.queryKey() });
      // Committee names appear in the people list too.
      await queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.queryKey() });
      onSaved(saved.name);
    },
    onError: (e: unknown) => setErrors(errorsOf.fromServer(e, { committeeNameTaken: "name" })),
  };
  const create = useMutation(trpc.admin.committees.create.mutationOptions(handlers));
  const update = useMutation(trpc.admin.committees.update.mutationOptions(handlers));
  const pending = create.isPending || update.isPending;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const parsed = ZCommittee.safeParse({
      name: String(form.get("name") ?? ""),
      description: String(form.get("description") ?? ""),
    });
    if (!parsed.success) {
      setErrors(errorsOf.fromZod(parsed.error));
      return;
    }
    setErrors(NO_ERRORS);
    if (committee) update.mutate({ ...parsed.data, committeeId: committee.id });
    else create.mutate(parsed.data);
  }

  return (
    <form id={id} aria-label={title} onSubmit={onSubmit} noValidate className="space-y-4">
      <h2 className="text-lg font-semibold">{title}</h2>
      <FormError message={errors.form} />
      <TextField name="name" label={t("name")} defaultValue={committee?.name} error={errors.fields.name} required autoComplete="off" autoFocus />
      <TextAreaField name="description" label={t("description")} defaultValue={committee?.description} error={errors.fields.description} rows={3} />
      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" className="btn-secondary" onClick={onCancel}>{t("cancel")}</button>
        <button type="submit" className="btn-primary" disabled={pending}>
          {pending ? t("saving") : committee ? t("save") : t("submitCreate")}
        </button>
      </div>
    </form>
  );
}
