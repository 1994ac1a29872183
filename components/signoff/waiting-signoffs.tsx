import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { RouterOutputs } from "@/components/ui/router-types";
import { visibleBidi } from "@/lib/comments/text";
import { draftPath } from "./paths";

type Waiting = RouterOutputs["signoff"]["waiting"];

/** 工作台's “等我审签”: open rounds whose current step names me and that I have not signed (nothing when there are none). */
export async function WaitingSignoffs({ waiting, now }: { waiting: Waiting; now: number }) {
  if (waiting.length === 0) return null;
  const t = await getTranslations("signoff.ui.waiting");
  const tc = await getTranslations("commentWaiting");
  const format = await getFormatter();
  return (
    <section aria-labelledby="waiting-signoffs">
      <h2 id="waiting-signoffs" className="mb-3 text-lg font-semibold">
        {t("title")}
        （{waiting.length}）
      </h2>
      <ul className="card divide-y divide-stone-100 p-0">
        {waiting.map((w) => {
          const overdue = w.deadline !== null && w.deadline.getTime() < now;
          return (
            <li key={w.roundId} className="px-4 py-3" data-round-id={w.roundId}>
              <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
                <Link href={draftPath(w.draftId, "/signoff")} className="font-medium break-words text-brand-700 hover:underline">
                  {visibleBidi(w.draftTitle)}
                </Link>
                <span className={`text-xs ${overdue ? "font-medium text-red-700" : "text-stone-600"}`}>
                  {w.deadline
                    ? tc(overdue ? "overdue" : "deadline", { when: format.dateTime(w.deadline, { dateStyle: "medium", timeStyle: "short" }) })
                    : tc("noDeadline")}
                </span>
              </div>
              <p className="mt-1 text-sm text-stone-700">{t("item", { number: w.versionNumber, label: w.versionLabel, stage: w.stageName })}</p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
