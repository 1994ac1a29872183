"use client";

import { useFormatter, useTranslations } from "next-intl";
import { visibleBidi } from "@/lib/comments/text";
import type { NotificationItem } from "./types";

/** What happened, where, and the start of the comment: text only, bidi controls shown. A kind this
 * version has no words for still reads sensibly (“《…》有新通知”). */
export function NotificationSummary({ item }: { item: NotificationItem }) {
  const t = useTranslations("notifications");
  const format = useFormatter();
  const actor = item.actor ? visibleBidi(item.actor.name) : t("someone");
  return (
    <>
      <span className="block text-sm">
        {t.has(`what.${item.type}`)
          ? t(`what.${item.type}`, { actor, draft: visibleBidi(item.draftTitle) })
          : t("what.other", { draft: visibleBidi(item.draftTitle) })}
      </span>
      {item.excerpt && (
        <span className="mt-0.5 block truncate text-sm text-stone-600">“{visibleBidi(item.excerpt)}”</span>
      )}
      <span className="mt-0.5 block text-xs text-stone-500">
        {format.dateTime(item.createdAt, { dateStyle: "medium", timeStyle: "short" })}
      </span>
    </>
  );
}
