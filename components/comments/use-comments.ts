"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useCallback } from "react";
import { useTRPC } from "@/lib/trpc/client";

/**
 * The draft's threads as the caller may see them, kept live: `comments.onChange` (SSE) says
 * that something changed, never what, and the list is fetched again (the server applies
 * visibility). Own changes refetch at once through `refresh`.
 */
export function useComments(draftId: string) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const listKey = trpc.comments.list.queryKey({ draftId });
  const list = useQuery(trpc.comments.list.queryOptions({ draftId }, { staleTime: 5_000 }));
  const refresh = useCallback(() => qc.invalidateQueries({ queryKey: listKey }), [qc, listKey]);
  useSubscription(
    trpc.comments.onChange.subscriptionOptions(
      { draftId },
      {
        onData: () => void qc.invalidateQueries({ queryKey: listKey }),
        // Reconnected after a gap: changes may have been missed.
        onStarted: () => void qc.invalidateQueries({ queryKey: listKey }),
      },
    ),
  );
  return { list, refresh };
}
