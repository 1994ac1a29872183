"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { threadHref } from "@/lib/comments/thread-href";
import { draftPath } from "@/components/signoff/paths";
import { useTRPC } from "@/lib/trpc/client";
import { NotificationSummary } from "./notification-summary";
import { NOTIFICATIONS_PAGE_SIZE } from "./page-size";
import type { NotificationPage } from "./types";
import { useMarkAllRead, useOpenNotification } from "./use-notifications";

/**
 * Every notification, newest first, a page at a time (the server's cursor). The bell's live
 * stream refreshes this list too; opening an item marks it read.
 */
export function NotificationList({ firstPage }: { firstPage: NotificationPage }) {
  const t = useTranslations("notifications");
  const trpc = useTRPC();
  // The first page's param is "no cursor": undefined leaves `cursor` out of the request
  // (tRPC's types say null, which it would send, and the procedure takes an optional string).
  const list = useInfiniteQuery(
    trpc.notifications.list.infiniteQueryOptions(
      { limit: NOTIFICATIONS_PAGE_SIZE },
      {
        getNextPageParam: (last) => last.nextCursor ?? undefined,
        initialData: { pages: [firstPage], pageParams: [undefined as unknown as null] },
      },
    ),
  );
  const { data: unread } = useQuery(trpc.notifications.unreadCount.queryOptions());
  const markAll = useMarkAllRead();
  const open = useOpenNotification();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unreadCount = unread?.count ?? items.filter((n) => !n.read).length;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-stone-600" data-testid="unread-summary">{t("unreadSummary", { count: unreadCount })}</p>
        <button
          type="button"
          className="btn-secondary"
          disabled={unreadCount === 0 || markAll.isPending}
          onClick={() => markAll.mutate()}
        >
          {t("markAllRead")}
        </button>
      </div>
      {markAll.isError && <p role="alert" className="text-sm text-red-700">{t("markFailed")}</p>}
      {items.length === 0 ? (
        <p className="card text-sm text-stone-600">{t("empty")}</p>
      ) : (
        <ul className="card divide-y divide-stone-100 p-0">
          {items.map((n) => {
            const href = n.type === "SIGNOFF_REQUEST" ? draftPath(n.draftId, "/signoff") : threadHref(n.draftId, n.threadId);
            return (
              <li key={n.id} data-read={n.read} className={n.read ? "" : "border-l-4 border-brand-600 bg-brand-50/40"}>
                <Link href={href} onClick={open(n, href)} className="block min-w-0 px-4 py-3 hover:bg-stone-50">
                  {!n.read && (
                    <span className="mb-1 inline-block rounded-full bg-brand-600 px-2 py-0.5 text-xs font-medium text-white">
                      {t("unread")}
                    </span>
                  )}
                  <NotificationSummary item={n} />
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      {list.hasNextPage && (
        <div className="text-center">
          <button type="button" className="btn-secondary" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {list.isFetchingNextPage ? t("loadingMore") : t("loadMore")}
          </button>
        </div>
      )}
      {list.isError && <p role="alert" className="text-sm text-red-700">{t("loadFailed")}</p>}
    </div>
  );
}
