import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { visibleBidi } from "@/lib/comments/text";
import { threadHref } from "@/lib/comments/thread-href";

export type RegisterRow = inferRouterOutputs<AppRouter>["comments"]["register"]["rows"][number];

const COLUMNS = ["no", "section", "commenter", "comment", "disposition", "reason", "status"] as const;

/**
 * 意见采纳情况 as a table. Below `sm` each row becomes a card (display: block), so the roles
 * are written out: browsers drop table semantics from re-displayed table elements.
 */
export async function RegisterTable({ draftId, rows }: { draftId: string; rows: RegisterRow[] }) {
  const t = await getTranslations("commentRegister");
  const format = await getFormatter();
  const label = (c: (typeof COLUMNS)[number]) => (
    <span aria-hidden className="mr-1 font-medium text-stone-600 sm:hidden">{t(`columns.${c}`)}：</span>
  );
  const cell = "px-3 py-1 align-top sm:py-2 max-sm:block";
  return (
    <table role="table" className="w-full border-collapse text-sm max-sm:block" aria-label={t("tableLabel")}>
      <thead role="rowgroup" className="max-sm:sr-only">
        <tr role="row" className="border-b border-stone-200 bg-stone-50 text-left">
          {COLUMNS.map((c) => (
            <th key={c} role="columnheader" scope="col" className="px-3 py-2 font-medium text-stone-700">
              {t(`columns.${c}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody role="rowgroup" className="max-sm:block max-sm:space-y-3">
        {rows.map((r, i) => (
          <tr
            key={r.threadId}
            role="row"
            data-thread-id={r.threadId}
            className="border-b border-stone-100 max-sm:block max-sm:rounded-lg max-sm:border max-sm:border-stone-200 max-sm:bg-white max-sm:py-2"
          >
            <td role="cell" className={`${cell} tabular-nums text-stone-600`}>{label("no")}{i + 1}</td>
            <td role="cell" className={cell}>
              {label("section")}
              <span className="break-words">
                {r.sectionLabel && <span className="mr-1">{r.sectionLabel}</span>}
                {r.sectionTitle ? visibleBidi(r.sectionTitle) : t("untitledSection")}
              </span>
              {r.detached && (
                <span className="ml-1 inline-block rounded-full bg-amber-100 px-2 py-0.5 text-xs text-amber-900">{t("detached")}</span>
              )}
            </td>
            <td role="cell" className={cell}>
              {label("commenter")}
              {visibleBidi(r.commenter)}
              <span className="block text-xs text-stone-600 max-sm:inline max-sm:ml-2">
                {format.dateTime(r.createdAt, { dateStyle: "medium" })}
              </span>
            </td>
            <td role="cell" className={`${cell} sm:max-w-md`}>
              {label("comment")}
              <Link href={threadHref(draftId, r.threadId)} className="whitespace-pre-wrap break-words text-stone-900 hover:text-brand-700 hover:underline">
                {r.comment ? visibleBidi(r.comment) : t("deletedComment")}
              </Link>
            </td>
            <td role="cell" className={cell}>
              {label("disposition")}
              <span className={r.disposition ? "font-medium" : "text-stone-600"}>
                {r.disposition ? t(`disposition.${r.disposition}`) : t("noDisposition")}
              </span>
            </td>
            <td role="cell" className={`${cell} whitespace-pre-wrap break-words`}>
              {label("reason")}
              {r.reason ? visibleBidi(r.reason) : <span className="text-stone-400">—</span>}
            </td>
            <td role="cell" className={cell}>{label("status")}{t(`status.${r.status}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
