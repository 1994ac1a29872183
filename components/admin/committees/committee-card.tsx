"use client";

import { useTranslations } from "next-intl";
import { useId, useRef, useState } from "react";
import { COMMITTEE_ROLES } from "@/lib/schemas/user";
import type { AdminCommittee, AdminUser } from "@/components/ui/router-types";
import { AddMemberForm } from "./add-member-form";
import { CommitteeForm } from "./committee-form";
import { MemberRow } from "./member-row";

export function CommitteeCard({
  committee, users, announce,
}: {
  committee: AdminCommittee;
  users: AdminUser[];
  announce: (text: string, tone?: "ok" | "error") => void;
}) {
  const t = useTranslations();
  const headingId = useId();
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);

  function closeEdit() {
    setEditing(false);
    requestAnimationFrame(() => editButton.current?.focus());
  }

  const memberIds = new Set(committee.memberships.map((m) => m.user.id));
  const candidates = users.filter((u) => !u.disabled && !memberIds.has(u.id));

  return (
    <section aria-labelledby={headingId} data-committee={committee.name} className="card space-y-4">
      {editing ? (
        <>
          <h2 id={headingId} className="sr-only">{committee.name}</h2>
          <CommitteeForm
            title={t("admin.committees.editTitle", { name: committee.name })}
            committee={committee}
            onCancel={closeEdit}
            onSaved={() => {
              announce(t("admin.committees.saved"));
              closeEdit();
            }}
          />
        </>
      ) : (
        <div className="flex items-start justify-between gap-3">
          <div className="min-w-0">
            <h2 id={headingId} className="text-lg font-semibold">{committee.name}</h2>
            {committee.description && <p className="mt-1 text-sm text-stone-600">{committee.description}</p>}
            <p className="mt-1 text-xs text-stone-500">
              {t("admin.committees.memberCount", { count: committee.memberships.length })}
            </p>
          </div>
          <button
            ref={editButton}
            type="button"
            className="btn-secondary shrink-0"
            aria-describedby={headingId}
            onClick={() => setEditing(true)}
          >
            {t("admin.committees.edit")}
          </button>
        </div>
      )}

      {committee.memberships.length === 0 ? (
        <p className="text-sm text-stone-600">{t("admin.committees.noMembers")}</p>
      ) : (
        COMMITTEE_ROLES.map((role) => {
          const members = committee.memberships.filter((m) => m.role === role);
          if (members.length === 0) return null;
          return (
            <div key={role}>
              <h3 className="mb-1 text-sm font-medium text-stone-500">{t(`roles.committee.${role}`)}</h3>
              <ul className="divide-y divide-stone-100">
                {members.map((m) => (
                  <MemberRow key={m.id} membership={m} committeeName={committee.name} announce={announce} />
                ))}
              </ul>
            </div>
          );
        })
      )}

      <AddMemberForm committee={committee} candidates={candidates} announce={announce} />
    </section>
  );
}
