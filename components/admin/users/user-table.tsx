"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import type { AdminUser } from "@/components/ui/router-types";
import { useAppErrors } from "@/components/ui/app-errors";
import { ConfirmDialog } from "@/components/ui/modal-dialog";
import { EditUserDialog } from "./edit-user-dialog";
import { ResetPasswordDialog } from "./reset-password-dialog";

// One markup for both widths: a table from md up, stacked cards on a phone. The explicit
// roles keep table semantics when the cells are displayed as blocks.

type Open = { kind: "edit" | "disable" | "reset"; user: AdminUser } | null;

const cell = "block py-0.5 lg:table-cell lg:px-3 lg:py-2 lg:align-middle";

export function UserTable({
  users, loading, currentUserId, announce,
}: {
  users: AdminUser[];
  loading: boolean;
  currentUserId: string;
  announce: (text: string, tone?: "ok" | "error") => void;
}) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorsOf = useAppErrors();
  const [open, setOpen] = useState<Open>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const idBase = useId();

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.queryKey() });

  const setDisabled = useMutation(
    trpc.admin.users.setDisabled.mutationOptions({
      onSuccess: async (user) => {
        await refresh();
        setOpen(null);
        announce(t(user.disabled ? "admin.users.disabledDone" : "admin.users.enabledDone", { name: user.name }));
      },
      onError: (e, vars) => {
        if (vars.disabled) setDialogError(errorsOf.message(e));
        else announce(errorsOf.message(e), "error");
      },
    }),
  );

  function show(next: Open) {
    setDialogError(null);
    setOpen(next);
  }

  if (!loading && users.length === 0) {
    return <p className="card text-sm text-stone-600">{t("admin.users.empty")}</p>;
  }

  const label = (text: string) => <span className="mr-1 text-xs text-stone-500 lg:hidden">{text}：</span>;

  return (
    <>
      <div className="lg:card lg:overflow-x-auto lg:p-0">
        <table role="table" className="block w-full text-left text-sm lg:table" aria-busy={loading || undefined}>
          <caption className="sr-only">{t("admin.users.title")}</caption>
          <thead role="rowgroup" className="sr-only lg:not-sr-only lg:table-header-group lg:bg-stone-50">
            <tr role="row" className="lg:table-row">
              {(["name", "username", "titleField", "role", "committees", "status", "actions"] as const).map((k) => (
                <th key={k} role="columnheader" scope="col" className="px-3 py-2 font-medium text-stone-600 lg:table-cell">
                  {t(`admin.users.${k}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody role="rowgroup" className="block space-y-3 lg:table-row-group lg:space-y-0">
            {users.map((u) => {
              const nameId = `${idBase}-${u.id}`;
              const self = u.id === currentUserId;
              return (
                <tr
                  key={u.id}
                  role="row"
                  data-username={u.username}
                  data-disabled={u.disabled || undefined}
                  className={`card block lg:table-row lg:rounded-none lg:border-0 lg:border-t lg:p-0 lg:shadow-none ${
                    u.disabled ? "text-stone-500" : ""
                  }`}
                >
                  <td role="cell" className={`${cell} font-medium`}>
                    <span id={nameId}>{u.name}</span>
                    {self && <span className="ml-1 text-xs font-normal text-stone-500">（{t("admin.users.self")}）</span>}
                  </td>
                  <td role="cell" className={`${cell} font-mono text-xs lg:text-sm`}>{label(t("admin.users.username"))}{u.username}</td>
                  <td role="cell" className={cell}>{label(t("admin.users.titleField"))}{u.title || "—"}</td>
                  <td role="cell" className={`${cell} lg:whitespace-nowrap`}>{label(t("admin.users.role"))}{t(`roles.global.${u.role}`)}</td>
                  <td role="cell" className={cell}>
                    {label(t("admin.users.committees"))}
                    {u.memberships.length === 0
                      ? "—"
                      : u.memberships
                          .map((m) => `${m.committee.name}（${t(`roles.committee.${m.role}`)}）`)
                          .join("、")}
                  </td>
                  <td role="cell" className={`${cell} lg:whitespace-nowrap`}>
                    {label(t("admin.users.status"))}
                    <span
                      className={`rounded-full px-2 py-0.5 text-xs ${
                        u.disabled ? "bg-stone-200 text-stone-700" : "bg-emerald-50 text-emerald-800"
                      }`}
                    >
                      {u.disabled ? t("admin.users.disabled") : t("admin.users.active")}
                    </span>
                  </td>
                  <td role="cell" className={`${cell} pt-3 lg:pt-2 lg:whitespace-nowrap`}>
                    <div className="flex flex-wrap gap-2 lg:flex-nowrap">
                      <button type="button" className="btn-secondary" aria-describedby={nameId} onClick={() => show({ kind: "edit", user: u })}>
                        {t("admin.users.edit")}
                      </button>
                      {u.disabled ? (
                        <button
                          type="button"
                          className="btn-secondary"
                          aria-describedby={nameId}
                          disabled={setDisabled.isPending}
                          onClick={() => setDisabled.mutate({ userId: u.id, disabled: false })}
                        >
                          {t("admin.users.enable")}
                        </button>
                      ) : (
                        !self && (
                          <button type="button" className="btn-danger" aria-describedby={nameId} onClick={() => show({ kind: "disable", user: u })}>
                            {t("admin.users.disable")}
                          </button>
                        )
                      )}
                      <button type="button" className="btn-secondary" aria-describedby={nameId} onClick={() => show({ kind: "reset", user: u })}>
                        {t("admin.users.resetPassword")}
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      {open?.kind === "disable" && (
        <ConfirmDialog
          title={t("admin.users.disableTitle", { name: open.user.name })}
          message={t("admin.users.confirmDisable", { name: open.user.name })}
          confirmLabel={t("admin.users.confirm")}
          cancelLabel={t("admin.users.cancel")}
          pending={setDisabled.isPending}
          error={dialogError}
          onConfirm={() => setDisabled.mutate({ userId: open.user.id, disabled: true })}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.kind === "edit" && (
        <EditUserDialog
          user={open.user}
          isSelf={open.user.id === currentUserId}
          onClose={() => setOpen(null)}
          onSaved={() => {
            setOpen(null);
            announce(t("admin.users.saved"));
          }}
        />
      )}
      {open?.kind === "reset" && (
        <ResetPasswordDialog
          user={open.user}
          onClose={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            announce(t("admin.users.passwordResetDone", { name: open.user.name }));
          }}
        />
      )}
    </>
  );
}
