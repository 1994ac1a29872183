"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/lib/trpc/client";
import { ASSIGNABLE_DRAFT_ROLES } from "@/lib/schemas/draft";
import { useAppErrors } from "@/components/ui/app-errors";
import { useHydrated } from "@/components/ui/use-hydrated";

/** Owners (and the secretariat) give people an explicit role on this draft. Browser only: its lists are loaded there. */
export function DraftMembersPanel({ draftId }: { draftId: string }) {
  return useHydrated() ? <MembersPanel draftId={draftId} /> : null;
}

function MembersPanel({ draftId }: { draftId: string }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const members = useQuery(trpc.drafts.members.list.queryOptions({ draftId }));
  const people = useQuery(trpc.drafts.members.candidates.queryOptions({ draftId }));
  const appErrors = useAppErrors();
  const [notice, setNotice] = useState<string | null>(null);
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.drafts.members.list.queryKey({ draftId }) });
  const set = useMutation(trpc.drafts.members.set.mutationOptions({ onSuccess: () => { setNotice(t("draft.members.saved")); void invalidate(); } }));
  const remove = useMutation(trpc.drafts.members.remove.mutationOptions({ onSuccess: () => { setNotice(t("draft.members.saved")); void invalidate(); } }));
  const error = set.error ?? remove.error;

  function onAdd(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const userId = String(f.get("userId") ?? "");
    const role = String(f.get("role") ?? "") as (typeof ASSIGNABLE_DRAFT_ROLES)[number];
    if (userId) set.mutate({ draftId, userId, role });
  }

  return (
    <section className="card space-y-3" aria-labelledby="members-title">
      <h2 id="members-title" className="font-medium">{t("draft.members.title")}</h2>
      <p aria-live="polite" className="text-sm text-emerald-800">{notice}</p>
      {error && <p role="alert" className="text-sm text-red-700">{appErrors.message(error)}</p>}
      <div>
        <h3 className="text-sm text-stone-600">{t("draft.members.explicit")}</h3>
        {members.data?.explicit.length ? (
          <ul className="mt-1 divide-y divide-stone-100">
            {members.data.explicit.map((m) => (
              <li key={m.userId} className="flex flex-wrap items-center gap-2 py-1 text-sm" data-username={m.user.username}>
                <span className="min-w-24">{m.user.name}</span>
                <span className="text-xs text-stone-500">{m.user.title}</span>
                <label className="sr-only" htmlFor={`role-${m.userId}`}>{t("draft.members.role")}</label>
                <select id={`role-${m.userId}`} className="ml-auto rounded border border-stone-300 px-1 py-0.5 text-sm" value={m.role}
                  onChange={(e) => set.mutate({ draftId, userId: m.userId, role: e.target.value as (typeof ASSIGNABLE_DRAFT_ROLES)[number] })}>
                  {ASSIGNABLE_DRAFT_ROLES.map((r) => <option key={r} value={r}>{t(`drafts.role.${r}`)}</option>)}
                </select>
                <button type="button" className="btn-danger px-2 py-1" onClick={() => remove.mutate({ draftId, userId: m.userId })}>
                  {t("draft.members.remove")}
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-stone-500">{t("draft.members.none")}</p>
        )}
      </div>
      <form onSubmit={onAdd} className="flex flex-wrap items-end gap-2" aria-label={t("draft.members.add")}>
        <div>
          <label htmlFor="member-user" className="label">{t("draft.members.person")}</label>
          <select id="member-user" name="userId" className="input">
            {people.data?.map((p) => <option key={p.id} value={p.id}>{p.name}{p.title ? `（${p.title}）` : ""}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="member-role" className="label">{t("draft.members.role")}</label>
          <select id="member-role" name="role" className="input" defaultValue="COMMENTER">
            {ASSIGNABLE_DRAFT_ROLES.map((r) => <option key={r} value={r}>{t(`drafts.role.${r}`)}</option>)}
          </select>
        </div>
        <button type="submit" className="btn-primary" disabled={set.isPending}>{t("draft.members.save")}</button>
      </form>
      {members.data && members.data.committee.length > 0 && (
        <div>
          <h3 className="text-sm text-stone-600">{t("draft.members.fromCommittee")}</h3>
          <p className="mt-1 text-sm">
            {members.data.committee.map((m) => `${m.user.name}（${t(`roles.committee.${m.committeeRole}`)}）`).join("、")}
          </p>
        </div>
      )}
    </section>
  );
}
