"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { threadHref } from "@/lib/comments/thread-href";
import { draftPath } from "@/components/signoff/paths";
import { useTRPC } from "@/lib/trpc/client";
import { NotificationSummary } from "@/components/notifications/notification-summary";
import { useMarkAllRead, useNotificationsLive, useOpenNotification } from "@/components/notifications/use-notifications";

/** Notifications shown in the popover; the page lists them all. */
const LATEST = 5;

/** The header's 通知 button: unread count kept live over SSE, the latest few in a popover. */
export function NotificationBell({ userId, initialUnread }: { userId: string; initialUnread: number }) {
  const t = useTranslations("bell");
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useNotificationsLive(userId);
  const { data: countData } = useQuery({
    ...trpc.notifications.unreadCount.queryOptions(),
    initialData: { count: initialUnread },
  });
  const count = countData.count;
  const latest = useQuery({ ...trpc.notifications.list.queryOptions({ limit: LATEST }), enabled: open });
  const markAll = useMarkAllRead();
  const close = useCallback(() => setOpen(false), []);
  const openItem = useOpenNotification(close);

  // A polite announcement when the count rises, so a screen reader hears new notifications.
  const [announcement, setAnnouncement] = useState("");
  const previous = useRef(count);
  useEffect(() => {
    if (count > previous.current) setAnnouncement(t("arrived", { count }));
    previous.current = count;
  }, [count, t]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!wrapper.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div ref={wrapper} className="relative">
      <button
        ref={button}
        type="button"
        className="relative flex h-9 w-9 items-center justify-center rounded-md text-stone-700 hover:bg-stone-100"
        aria-expanded={open}
        aria-controls={panelId}
        data-unread={count}
        onClick={() => setOpen((o) => !o)}
      >
        <svg aria-hidden viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth={1.8}>
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" strokeLinecap="round" strokeLinejoin="round" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" />
        </svg>
        {/* The name is this text, not aria-label: the badge's digits are then not a second, different label. */}
        <span className="sr-only">{t("label", { count })}</span>
        {count > 0 && (
          <span aria-hidden className="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs font-medium leading-5 text-white">
            {count > 99 ? "99+" : count}
          </span>
        )}
      </button>
      <span role="status" className="sr-only">{announcement}</span>
      <div
        id={panelId}
        hidden={!open}
        className="z-30 rounded-lg border border-stone-200 bg-white shadow-lg max-sm:fixed max-sm:inset-x-4 max-sm:top-16 sm:absolute sm:right-0 sm:mt-2 sm:w-80"
      >
        {open && (
          <>
            <div className="flex items-center justify-between gap-2 border-b border-stone-100 px-3 py-2">
              <h2 className="text-sm font-semibold">{t("title")}</h2>
              <button
                type="button"
                className="rounded px-2 py-1 text-sm text-brand-700 hover:bg-brand-50 disabled:opacity-50"
                disabled={count === 0 || markAll.isPending}
                onClick={() => markAll.mutate()}
              >
                {t("markAllRead")}
              </button>
            </div>
            {latest.isPending ? (
              <p className="px-3 py-4 text-sm text-stone-600">{t("loading")}</p>
            ) : latest.isError ? (
              <p className="px-3 py-4 text-sm text-red-700">{t("failed")}</p>
            ) : latest.data.items.length === 0 ? (
              <p className="px-3 py-4 text-sm text-stone-600">{t("empty")}</p>
            ) : (
              <ul className="max-h-96 divide-y divide-stone-100 overflow-y-auto">
                {latest.data.items.map((n) => {
                  const href = n.type === "SIGNOFF_REQUEST" ? draftPath(n.draftId, "/signoff") : threadHref(n.draftId, n.threadId);
                  return (
                    <li key={n.id}>
                      <Link
                        href={href}
                        onClick={openItem(n, href)}
                        data-read={n.read}
                        className={`block px-3 py-2 hover:bg-stone-50 ${n.read ? "" : "border-l-4 border-brand-600 bg-brand-50/40"}`}
                      >
                        {!n.read && <span className="sr-only">{t("unread")}：</span>}
                        <NotificationSummary item={n} />
                      </Link>
                    </li>
                  );
                })}
              </ul>
            )}
            <div className="border-t border-stone-100 px-3 py-2 text-right">
              <Link href="/notifications" className="text-sm text-brand-700 hover:underline" onClick={close}>
                {t("all")}
              </Link>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
