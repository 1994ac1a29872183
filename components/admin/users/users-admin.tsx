"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import type { AdminUser } from "@/components/ui/router-types";
import { StatusNotice, useNotice } from "@/components/ui/status-notice";
import { CreateUserForm } from "./create-user-form";
import { UserTable } from "./user-table";

const SEARCH_DELAY_MS = 300;

export function UsersAdmin({ initialUsers, currentUserId }: { initialUsers: AdminUser[]; currentUserId: string }) {
  const t = useTranslations("admin.users");
  const trpc = useTRPC();
  const { notice, announce } = useNotice();
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const [creating, setCreating] = useState(false);
  const createButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const timer = setTimeout(() => setQuery(search.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search]);

  const users = useQuery(
    trpc.admin.users.list.queryOptions(
      { query },
      { initialData: query === "" ? initialUsers : undefined, placeholderData: (prev) => prev },
    ),
  );

  function closeCreate() {
    setCreating(false);
    // The form is gone; put focus back where the person started.
    requestAnimationFrame(() => createButton.current?.focus());
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <form
          role="search"
          className="flex min-w-0 flex-1 gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            setQuery(search.trim());
          }}
        >
          <label htmlFor="user-search" className="sr-only">{t("searchLabel")}</label>
          <input
            id="user-search"
            type="search"
            className="input min-w-0 flex-1"
            placeholder={t("search")}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <button type="submit" className="btn-secondary shrink-0">{t("searchLabel")}</button>
        </form>
        <button
          ref={createButton}
          type="button"
          className="btn-primary"
          aria-expanded={creating}
          aria-controls={creating ? "create-user" : undefined}
          onClick={() => setCreating((c) => !c)}
        >
          {t("create")}
        </button>
      </div>

      <StatusNotice notice={notice} />

      {creating && (
        <CreateUserForm
          id="create-user"
          onCancel={closeCreate}
          onCreated={(name) => {
            announce(t("created", { name }));
            closeCreate();
          }}
        />
      )}

      {users.isError ? (
        <p role="alert" className="card text-sm text-red-800">{t("loadFailed")}</p>
      ) : (
        <UserTable
          users={users.data ?? []}
          loading={users.isPending}
          currentUserId={currentUserId}
          announce={announce}
        />
      )}
    </div>
  );
}
