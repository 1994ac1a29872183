"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import type { AdminCommittee, AdminUser } from "@/components/ui/router-types";
import { StatusNotice, useNotice } from "@/components/ui/status-notice";
import { CommitteeCard } from "./committee-card";
import { CommitteeForm } from "./committee-form";

export function CommitteesAdmin({
  initialCommittees, initialUsers,
}: {
  initialCommittees: AdminCommittee[];
  initialUsers: AdminUser[];
}) {
  const t = useTranslations("admin.committees");
  const trpc = useTRPC();
  const { notice, announce } = useNotice();
  const [creating, setCreating] = useState(false);
  const createButton = useRef<HTMLButtonElement>(null);

  const committees = useQuery(trpc.admin.committees.list.queryOptions(undefined, { initialData: initialCommittees }));
  // Same key as the people page's unfiltered list, so both pages share one cache entry.
  const users = useQuery(trpc.admin.users.list.queryOptions({ query: "" }, { initialData: initialUsers }));

  function closeCreate() {
    setCreating(false);
    requestAnimationFrame(() => createButton.current?.focus());
  }

  return (
    <div className="space-y-4">
      <div className="flex justify-end">
        <button
          ref={createButton}
          type="button"
          className="btn-primary"
          aria-expanded={creating}
          aria-controls={creating ? "create-committee" : undefined}
          onClick={() => setCreating((c) => !c)}
        >
          {t("create")}
        </button>
      </div>

      <StatusNotice notice={notice} />

      {creating && (
        <div className="card">
          <CommitteeForm
            id="create-committee"
            title={t("create")}
            onCancel={closeCreate}
            onSaved={(name) => {
              announce(t("created", { name }));
              closeCreate();
            }}
          />
        </div>
      )}

      {committees.data.length === 0 ? (
        <p className="card text-sm text-stone-600">{t("empty")}</p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {committees.data.map((c) => (
            <CommitteeCard key={c.id} committee={c} users={users.data} announce={announce} />
          ))}
        </div>
      )}
    </div>
  );
}
