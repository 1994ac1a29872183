"use client";

import { useFormatter, useTranslations } from "next-intl";
import type { AuditItem } from "@/components/ui/router-types";

const TIME_ZONE = "Asia/Shanghai";
const cell = "block py-0.5 md:table-cell md:px-3 md:py-2 md:align-top";

/** "user.password_reset" → admin.audit.types.user_password_reset; unknown types show as-is. */
export function useAuditTypeLabel() {
  const t = useTranslations("admin.audit.types");
  return (type: string) => {
    const key = type.replaceAll(".", "_");
    return t.has(key) ? t(key) : type;
  };
}

function details(data: unknown): string | null {
  if (data === null || data === undefined) return null;
  if (typeof data === "object" && Object.keys(data).length === 0) return null;
  return JSON.stringify(data);
}

export function AuditTable({ items, loading }: { items: AuditItem[]; loading: boolean }) {
  const t = useTranslations("admin.audit");
  const format = useFormatter();
  const typeLabel = useAuditTypeLabel();

  if (!loading && items.length === 0) {
    return <p className="card text-sm text-stone-600">{t("empty")}</p>;
  }

  const label = (key: string) => <span className="mr-1 text-xs text-stone-500 md:hidden">{t(key)}：</span>;
  const targetLabel = (type: string) => (t.has(`targetTypes.${type}`) ? t(`targetTypes.${type}`) : type);

  return (
    <div className="md:card md:overflow-x-auto md:p-0">
      <table role="table" className="block w-full text-left text-sm md:table" aria-busy={loading || undefined}>
        <caption className="sr-only">{t("title")}</caption>
        <thead role="rowgroup" className="sr-only md:not-sr-only md:table-header-group md:bg-stone-50">
          <tr role="row" className="md:table-row">
            {(["time", "actor", "event", "target", "details", "address"] as const).map((k) => (
              <th key={k} role="columnheader" scope="col" className="px-3 py-2 font-medium whitespace-nowrap text-stone-600 md:table-cell">
                {t(k)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup" className="block space-y-3 md:table-row-group md:space-y-0">
          {items.map((e) => {
            const json = details(e.data);
            return (
              <tr
                key={e.id.toString()}
                role="row"
                data-audit-id={e.id.toString()}
                data-audit-type={e.type}
                className="card block md:table-row md:rounded-none md:border-0 md:border-t md:p-0 md:shadow-none"
              >
                <td role="cell" className={`${cell} md:whitespace-nowrap`}>
                  <time dateTime={e.createdAt.toISOString()} className="tabular-nums">
                    {format.dateTime(e.createdAt, {
                      year: "numeric", month: "2-digit", day: "2-digit",
                      hour: "2-digit", minute: "2-digit", second: "2-digit",
                      timeZone: TIME_ZONE,
                    })}
                  </time>
                </td>
                <td role="cell" className={`${cell} md:whitespace-nowrap`}>
                  {label("actor")}
                  {e.actor ? e.actor.name : t("system")}
                </td>
                <td role="cell" className={`${cell} font-medium md:whitespace-nowrap`}>
                  {label("event")}
                  {typeLabel(e.type)}
                </td>
                <td role="cell" className={cell}>
                  {label("target")}
                  {e.targetType ? (
                    <>
                      {targetLabel(e.targetType)}{" "}
                      <span className="font-mono text-xs break-all text-stone-500">{e.targetId}</span>
                    </>
                  ) : (
                    "—"
                  )}
                </td>
                <td role="cell" className={`${cell} md:max-w-md`}>
                  {label("details")}
                  {json ? <code className="font-mono text-xs break-all text-stone-700">{json}</code> : "—"}
                </td>
                <td role="cell" className={`${cell} font-mono text-xs md:whitespace-nowrap`}>
                  {label("address")}
                  {e.ip ?? "—"}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
