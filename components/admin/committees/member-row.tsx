"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { COMMITTEE_ROLES } from "@/lib/schemas/user";
import type { AdminCommittee } from "@/components/ui/router-types";
import { useAppErrors } from "@/components/ui/app-errors";
import { ConfirmDialog } from "@/components/ui/modal-dialog";

type Membership = AdminCommittee["memberships"][number];
type CommitteeRole = (typeof COMMITTEE_ROLES)[number];

// The role is applied with its own button, not on change: arrow keys on a closed <select>
// fire change in some browsers, which would send a request per keystroke.

export function MemberRow({
  membership, committeeName, announce,
}: {
  membership: Membership;
  committeeName: string;
  announce: (text: string, tone?: "ok" | "error") => void;
}) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorsOf = useAppErrors();
  const nameId = useId();
  const [role, setRole] = useState<CommitteeRole>(membership.role);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const { user } = membership;

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.admin.committees.list.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.queryKey() });
  };

  const changeRole = useMutation(
    trpc.admin.memberships.changeRole.mutationOptions({
      onSuccess: async (m) => {
        await refresh();
        setError(null);
        announce(t("admin.committees.roleChanged", { name: user.name, role: t(`roles.committee.${m.role}`) }));
      },
      onError: (e) => setError(errorsOf.message(e)),
    }),
  );
  const remove = useMutation(
    trpc.admin.memberships.remove.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        await refresh();
        announce(t("admin.committees.memberRemoved", { name: user.name, committee: committeeName }));
      },
      onError: (e) => setError(errorsOf.message(e)),
    }),
  );

  const dirty = role !== membership.role;
  return (
    <li className="py-2" data-username={user.username}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <div className="min-w-0 flex-1 basis-40">
          <span id={nameId} className="font-medium">{user.name}</span>
          {user.disabled && <span className="ml-2 text-xs text-stone-500">（{t("admin.users.disabled")}）</span>}
          {user.title && <p className="truncate text-xs text-stone-500">{user.title}</p>}
        </div>
        <div className="flex shrink-0 items-center gap-2">
          <select
            className="rounded-md border border-stone-300 bg-white px-2 py-1.5 text-sm"
            aria-label={t("admin.committees.roleOf", { name: user.name })}
            value={role}
            onChange={(e) => {
              setError(null);
              setRole(e.target.value as CommitteeRole);
            }}
          >
            {COMMITTEE_ROLES.map((r) => (
              <option key={r} value={r}>{t(`roles.committee.${r}`)}</option>
            ))}
          </select>
          {dirty && (
            <button
              type="button"
              className="btn-primary whitespace-nowrap"
              aria-describedby={nameId}
              disabled={changeRole.isPending}
              onClick={() => changeRole.mutate({ membershipId: membership.id, role })}
            >
              {t("admin.committees.applyRole")}
            </button>
          )}
          <button
            type="button"
            className="btn-danger whitespace-nowrap"
            aria-describedby={nameId}
            onClick={() => {
              setError(null);
              setConfirming(true);
            }}
          >
            {t("admin.committees.remove")}
          </button>
        </div>
      </div>
      {error && !confirming && <p role="alert" className="field-error">{error}</p>}
      {confirming && (
        <ConfirmDialog
          title={t("admin.committees.removeTitle")}
          message={t("admin.committees.confirmRemove", { name: user.name, committee: committeeName })}
          confirmLabel={t("admin.committees.confirm")}
          cancelLabel={t("admin.committees.cancel")}
          pending={remove.isPending}
          error={error}
          onConfirm={() => remove.mutate({ membershipId: membership.id })}
          onClose={() => setConfirming(false)}
        />
      )}
    </li>
  );
}
