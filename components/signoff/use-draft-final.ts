"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTRPC } from "@/lib/trpc/client";

/**
 * Whether the draft is final (定稿), following the collab server's access messages: when an open
 * editor is flipped read-only or writable (`liveReadOnly` from use-collab), the draft is read
 * again, so the page can say *why* it is read-only — 已定稿 rather than “no permission”.
 */
export function useDraftFinal(draftId: string, finalAtLoad: boolean, liveReadOnly: boolean | null): boolean {
  const trpc = useTRPC();
  const draft = useQuery({ ...trpc.drafts.get.queryOptions({ draftId }), enabled: liveReadOnly !== null, staleTime: 0 });
  const { refetch } = draft;
  useEffect(() => {
    if (liveReadOnly !== null) void refetch();
  }, [liveReadOnly, refetch]);
  return draft.data ? draft.data.draft.status === "FINAL" : finalAtLoad;
}
