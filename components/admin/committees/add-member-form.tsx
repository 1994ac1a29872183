"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { COMMITTEE_ROLES } from "@/lib/schemas/user";
import type { AdminCommittee, AdminUser } from "@/components/ui/router-types";
import { NO_ERRORS, useAppErrors, type FormErrors } from "@/components/ui/app-errors";
import { FormError, SelectField } from "@/components/ui/form-fields";

type CommitteeRole = (typeof COMMITTEE_ROLES)[number];

export function AddMemberForm({
  committee, candidates, announce,
}: {
  committee: AdminCommittee;
  /** People who may join: enabled and not yet members. */
  candidates: AdminUser[];
  announce: (text: string, tone?: "ok" | "error") => void;
}) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorsOf = useAppErrors();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [userId, setUserId] = useState("");
  const [role, setRole] = useState<CommitteeRole>("MEMBER");

  const add = useMutation(
    trpc.admin.memberships.add.mutationOptions({
      onSuccess: async (_m, vars) => {
        await queryClient.invalidateQueries({ queryKey: trpc.admin.committees.list.queryKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.queryKey() });
        const name = candidates.find((u) => u.id === vars.userId)?.name ?? "";
        setUserId("");
        setRole("MEMBER");
        announce(t("admin.committees.memberAdded", { name, committee: committee.name }));
      },
      onError: (e) => setErrors(errorsOf.fromServer(e, { committeeHasHead: "role", alreadyMember: "userId" })),
    }),
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!userId) {
      setErrors({ form: null, fields: { userId: t("validation.required") } });
      return;
    }
    setErrors(NO_ERRORS);
    add.mutate({ committeeId: committee.id, userId, role });
  }

  const label = t("admin.committees.addMemberTo", { committee: committee.name });
  return (
    <form aria-label={label} onSubmit={onSubmit} noValidate className="space-y-3 border-t border-stone-100 pt-3">
      <h3 className="text-sm font-medium text-stone-700">{t("admin.committees.addMember")}</h3>
      <FormError message={errors.form} />
      <div className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-start">
        <SelectField
          label={t("admin.committees.selectUser")}
          value={userId}
          onChange={(e) => setUserId(e.target.value)}
          error={errors.fields.userId}
          options={[
            { value: "", label: candidates.length ? t("admin.committees.choose") : t("admin.committees.noCandidates") },
            ...candidates.map((u) => ({ value: u.id, label: u.title ? `${u.name}（${u.title}）` : u.name })),
          ]}
        />
        <SelectField
          label={t("admin.committees.role")}
          value={role}
          onChange={(e) => setRole(e.target.value as CommitteeRole)}
          error={errors.fields.role}
          options={COMMITTEE_ROLES.map((r) => ({ value: r, label: t(`roles.committee.${r}`) }))}
        />
        <button type="submit" className="btn-secondary sm:mt-6" disabled={add.isPending || candidates.length === 0}>
          {t("admin.committees.addMember")}
        </button>
      </div>
    </form>
  );
}
