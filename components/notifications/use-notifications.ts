"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useRouter } from "next/navigation";
import { useCallback, type MouseEvent } from "react";
import { useTRPC } from "@/lib/trpc/client";
import type { NotificationItem } from "./types";

/**
 * Keeps the unread count and any notification lists on screen current: the server pushes
 * `{ unread }` over SSE whenever my notifications change (no polling). On (re)connect the
 * count is fetched once, so a change made while the stream was down is not missed.
 */
export function useNotificationsLive() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useSubscription(
    trpc.notifications.onChange.subscriptionOptions(undefined, {
      onStarted: () => {
        void queryClient.invalidateQueries(trpc.notifications.unreadCount.queryFilter());
      },
      onData: ({ unread }) => {
        queryClient.setQueryData(trpc.notifications.unreadCount.queryKey(), { count: unread });
        void queryClient.invalidateQueries(trpc.notifications.list.pathFilter());
      },
    }),
  );
}

/** Marks every notification read and updates the count and lists on screen at once. */
export function useMarkAllRead() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.notifications.markAllRead.mutationOptions({
      onSuccess: () => {
        queryClient.setQueryData(trpc.notifications.unreadCount.queryKey(), { count: 0 });
        void queryClient.invalidateQueries(trpc.notifications.list.pathFilter());
      },
    }),
  );
}

const MARK_READ_WAIT_MS = 1500;

/**
 * Opening a notification marks it read. A plain click waits (briefly) for the mark before
 * navigating, so the count on the next page is already right; a click that opens a new tab
 * marks it in the background and lets the browser do the rest.
 */
export function useOpenNotification(onOpened?: () => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { mutateAsync } = useMutation(trpc.notifications.markRead.mutationOptions());
  return useCallback(
    (item: NotificationItem, href: string) => async (e: MouseEvent<HTMLAnchorElement>) => {
      const refresh = () => {
        void queryClient.invalidateQueries(trpc.notifications.unreadCount.queryFilter());
        void queryClient.invalidateQueries(trpc.notifications.list.pathFilter());
      };
      if (item.read) {
        onOpened?.();
        return;
      }
      const mark = mutateAsync({ ids: [item.id] }).then(refresh, () => {});
      const plain = e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;
      if (!plain) return;
      e.preventDefault();
      await Promise.race([mark, new Promise((r) => setTimeout(r, MARK_READ_WAIT_MS))]);
      onOpened?.();
      router.push(href);
    },
    [mutateAsync, onOpened, queryClient, router, trpc],
  );
}
