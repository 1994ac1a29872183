"use client";

import { useMutation, useQueryClient, type QueryClient, type QueryKey } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState, type MouseEvent } from "react";
import { useTRPC } from "@/lib/trpc/client";
import type { NotificationItem } from "./types";

/**
 * Keeps the unread count and any notification lists on screen current: the server pushes
 * `{ unread }` over SSE whenever my notifications change (no polling). On (re)connect the
 * count is fetched once, so a change made while the stream was down is not missed.
 *
 * One stream per browser, not per tab: a browser opens at most six HTTP/1.1 connections to
 * a host, and every open SSE holds one, so seven tabs of the portal would leave no room for
 * the seventh page to load. The tab holding a Web Lock streams and passes each count to the
 * others over a BroadcastChannel; when it closes, another tab takes the lock and streams.
 */
export function useNotificationsLive(userId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const leader = useStreamLeader(`xieshen:notifications:${userId}`);
  const [channel, setChannel] = useState<BroadcastChannel | null>(null);

  const apply = useCallback(
    (unread: number) => {
      setUnreadCount(queryClient, trpc.notifications.unreadCount.queryKey(), unread);
      void queryClient.invalidateQueries(trpc.notifications.list.pathFilter());
    },
    [queryClient, trpc],
  );

  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const c = new BroadcastChannel(`xieshen:notifications:${userId}`);
    c.onmessage = (e: MessageEvent<{ unread?: unknown }>) => {
      if (typeof e.data?.unread === "number") apply(e.data.unread);
    };
    setChannel(c);
    return () => {
      setChannel(null);
      c.close();
    };
  }, [apply, userId]);

  useSubscription(
    trpc.notifications.onChange.subscriptionOptions(undefined, {
      enabled: leader,
      onStarted: () => {
        void queryClient.invalidateQueries(trpc.notifications.unreadCount.queryFilter());
      },
      onData: ({ unread }) => {
        apply(unread);
        channel?.postMessage({ unread });
      },
    }),
  );
}

/**
 * Sets the count on screen to a value the server just reported. A fetch of the count still in
 * flight (the stream's reconnect refresh, a page's own query) read it earlier and would land
 * afterwards with the stale value — the bell would say 1 unread after 全部标为已读 and stay so,
 * as nothing else changes it. It is cancelled first, then the fresh value is set.
 */
function setUnreadCount(queryClient: QueryClient, queryKey: QueryKey, count: number) {
  void queryClient.cancelQueries({ queryKey, exact: true });
  queryClient.setQueryData(queryKey, { count });
}

/** True while this tab holds the named Web Lock (always true where Web Locks are missing). */
function useStreamLeader(name: string): boolean {
  const [leader, setLeader] = useState(false);
  useEffect(() => {
    if (typeof navigator === "undefined" || !navigator.locks) {
      setLeader(true);
      return;
    }
    const stop = new AbortController();
    let release = () => {};
    navigator.locks
      .request(name, { signal: stop.signal }, () => {
        setLeader(true);
        return new Promise<void>((resolve) => (release = resolve));
      })
      .catch(() => {}); // aborted while waiting: this tab is going away
    return () => {
      stop.abort();
      release();
      setLeader(false);
    };
  }, [name]);
  return leader;
}

/** Marks every notification read and updates the count and lists on screen at once. */
export function useMarkAllRead() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.notifications.markAllRead.mutationOptions({
      onSuccess: () => {
        setUnreadCount(queryClient, trpc.notifications.unreadCount.queryKey(), 0);
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
