"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc/client";
import type { AuditType } from "@/server/services/audit/types";
import type { ChainBreak } from "@/server/services/audit/verify-audit-chain";
import type { AuditPage } from "@/components/ui/router-types";
import { AuditTable, useAuditTypeLabel } from "./audit-table";

export interface AuditFilterChoices {
  people: { id: string; name: string; username: string }[];
  drafts: { id: string; title: string }[];
}

interface Filters {
  type: AuditType | "";
  actorId: string;
  draftId: string;
  /** Calendar days (YYYY-MM-DD) in the committee's time zone, both inclusive. */
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { type: "", actorId: "", draftId: "", from: "", to: "" };

/** The start of a calendar day in China Standard Time (the times in the table are shown there). */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
const nextDayStart = (day: string) => new Date(dayStart(day).getTime() + 86_400_000);

export function AuditLog({
  types, pageSize, initialPage, choices,
}: {
  types: readonly AuditType[];
  pageSize: number;
  initialPage: AuditPage;
  choices: AuditFilterChoices;
}) {
  const t = useTranslations("admin.audit");
  const format = useFormatter();
  const typeLabel = useAuditTypeLabel();
  const trpc = useTRPC();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const unfiltered = Object.values(filters).every((v) => v === "");

  const events = useInfiniteQuery(
    trpc.admin.audit.list.infiniteQueryOptions(
      {
        limit: pageSize,
        type: filters.type || undefined,
        actorId: filters.actorId || undefined,
        draftId: filters.draftId || undefined,
        from: filters.from ? dayStart(filters.from) : undefined,
        to: filters.to ? nextDayStart(filters.to) : undefined,
      },
      {
        getNextPageParam: (last) => last.nextCursor,
        initialData: unfiltered ? { pages: [initialPage], pageParams: [null] } : undefined,
      },
    ),
  );
  const verify = useQuery(trpc.admin.audit.verify.queryOptions(undefined, { enabled: false, staleTime: 0 }));

  const items = events.data?.pages.flatMap((p) => p.items) ?? [];
  const v = verify.data;

  function brokenText(b: ChainBreak, count: number): string {
    switch (b.reason) {
      case "truncated":
        return t("verifyTruncated", { expected: b.checkpointCount, count });
      case "checkpointInvalid":
        return t("verifyCheckpointInvalid");
      case "checkpointMissing":
        return t("verifyCheckpointMissing");
      default:
        return t("verifyBroken", { id: b.id.toString(), type: typeLabel(b.type) });
    }
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div role="group" aria-label={t("filters")} className="flex flex-wrap items-end gap-3">
          <FilterSelect id="audit-type" label={t("filterType")} all={t("allTypes")} value={filters.type} onChange={(v) => set({ type: v as AuditType | "" })}
            options={types.map((ty) => ({ value: ty, label: typeLabel(ty) }))} />
          <FilterSelect id="audit-person" label={t("filterPerson")} all={t("allPeople")} value={filters.actorId} onChange={(v) => set({ actorId: v })} width="max-w-[14rem]"
            options={choices.people.map((p) => ({ value: p.id, label: `${p.name}（${p.username}）` }))} />
          <FilterSelect id="audit-draft" label={t("filterDraft")} all={t("allDrafts")} value={filters.draftId} onChange={(v) => set({ draftId: v })} width="max-w-[18rem]"
            options={choices.drafts.map((d) => ({ value: d.id, label: d.title }))} />
          <FilterDate id="audit-from" label={t("filterFrom")} value={filters.from} max={filters.to} onChange={(v) => set({ from: v })} />
          <FilterDate id="audit-to" label={t("filterTo")} value={filters.to} min={filters.from} onChange={(v) => set({ to: v })} />
          {!unfiltered && (
            <button type="button" className="btn-secondary" onClick={() => setFilters(NO_FILTERS)}>
              {t("clearFilters")}
            </button>
          )}
        </div>
        <button type="button" className="btn-secondary" disabled={verify.isFetching} onClick={() => void verify.refetch()}>
          {t("verify")}
        </button>
      </div>

      <div role="status" aria-live="polite" className="empty:hidden">
        {verify.isFetching ? (
          <p className="text-sm text-stone-600">{t("verifying")}</p>
        ) : verify.isError ? (
          <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{t("verifyFailed")}</p>
        ) : v ? (
          <div
            data-verify-result={v.ok ? "ok" : "broken"}
            className={`rounded-md px-3 py-2 text-sm ${v.ok ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"}`}
          >
            <p className={v.ok ? undefined : "font-medium"}>{v.ok ? t("verifyOk", { count: v.count }) : brokenText(v.broken, v.count)}</p>
            <p data-checkpoint={v.checkpoint.state} className="mt-1 text-xs opacity-80">
              {v.checkpoint.state === "ok"
                ? t("checkpointOk", {
                    id: v.checkpoint.lastId.toString(),
                    count: v.checkpoint.count,
                    at: format.dateTime(new Date(v.checkpoint.at), { dateStyle: "medium", timeStyle: "medium" }),
                  })
                : v.checkpoint.state === "none"
                  ? t("checkpointNone")
                  : t("checkpointInvalid")}
            </p>
          </div>
        ) : null}
      </div>

      {events.isError ? (
        <p role="alert" className="card text-sm text-red-800">{t("loadFailed")}</p>
      ) : (
        <AuditTable items={items} loading={events.isPending} />
      )}

      {events.hasNextPage && (
        <div className="flex justify-center">
          <button
            type="button"
            className="btn-secondary"
            disabled={events.isFetchingNextPage}
            onClick={() => void events.fetchNextPage()}
          >
            {events.isFetchingNextPage ? t("loading") : t("loadMore")}
          </button>
        </div>
      )}
    </div>
  );
}

/** One of the filters: a labelled select whose empty value means "all". */
function FilterSelect(p: { id: string; label: string; all: string; value: string; onChange: (v: string) => void; options: { value: string; label: string }[]; width?: string }) {
  return (
    <div>
      <label htmlFor={p.id} className="label">{p.label}</label>
      <select id={p.id} className={`input w-auto ${p.width ?? ""}`} value={p.value} onChange={(e) => p.onChange(e.target.value)}>
        <option value="">{p.all}</option>
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>{o.label}</option>
        ))}
      </select>
    </div>
  );
}

/** A day filter (YYYY-MM-DD); empty means unbounded. */
function FilterDate(p: { id: string; label: string; value: string; min?: string; max?: string; onChange: (v: string) => void }) {
  return (
    <div>
      <label htmlFor={p.id} className="label">{p.label}</label>
      <input id={p.id} type="date" className="input w-auto" value={p.value} min={p.min || undefined} max={p.max || undefined} onChange={(e) => p.onChange(e.target.value)} />
    </div>
  );
}
