import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { visibleBidi } from "@/lib/comments/text";
import { threadHref } from "@/lib/comments/thread-href";

type Waiting = inferRouterOutputs<AppRouter>["comments"]["waiting"];
type WaitingItem = Waiting["mentioningMe"][number];

const GROUPS = ["mentioningMe", "repliesToMe", "awaitingDisposition"] as const;

/** 工作台's “等我处理”: threads that mention me, replies to my comments, comments awaiting my disposition. */
/** `now`: the page's clock, for “overdue”. */
export async function WaitingForMe({ waiting, now }: { waiting: Waiting; now: number }) {
  const t = await getTranslations("commentWaiting");
  const format = await getFormatter();
  const groups = GROUPS.filter((g) => waiting[g].length > 0);

  const item = (w: WaitingItem) => {
    const overdue = w.deadline !== null && w.deadline.getTime() < now;
    return (
      <li key={w.threadId} className="px-4 py-3" data-thread-id={w.threadId}>
        <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
          <Link href={threadHref(w.draftId, w.threadId)} className="font-medium text-brand-700 hover:underline">
            {visibleBidi(w.draftTitle)}
          </Link>
          <span className={`text-xs ${overdue ? "font-medium text-red-700" : "text-stone-600"}`}>
            {w.deadline
              ? t(overdue ? "overdue" : "deadline", { when: format.dateTime(w.deadline, { dateStyle: "medium", timeStyle: "short" }) })
              : t("noDeadline")}
          </span>
        </div>
        <p className="mt-1 text-sm text-stone-700">
          <span className="text-stone-600">{t("section")}：</span>
          {w.sectionTitle ? visibleBidi(w.sectionTitle) : t("untitledSection")}
        </p>
        {w.excerpt && <p className="mt-0.5 break-words text-sm text-stone-600">“{visibleBidi(w.excerpt)}”</p>}
        <p className="mt-0.5 text-xs text-stone-600">{format.dateTime(w.at, { dateStyle: "medium", timeStyle: "short" })}</p>
      </li>
    );
  };

  return (
    <section aria-labelledby="waiting-for-me">
      <h2 id="waiting-for-me" className="mb-3 text-lg font-semibold">{t("title")}</h2>
      {groups.length === 0 ? (
        <p className="card text-sm text-stone-600">{t("empty")}</p>
      ) : (
        <div className="space-y-4">
          {groups.map((g) => (
            <section key={g} aria-labelledby={`waiting-${g}`}>
              <h3 id={`waiting-${g}`} className="mb-2 text-sm font-semibold text-stone-700">
                {t(`groups.${g}`)}（{waiting[g].length}）
              </h3>
              <ul className="card divide-y divide-stone-100 p-0">{waiting[g].map(item)}</ul>
            </section>
          ))}
        </div>
      )}
    </section>
  );
}
