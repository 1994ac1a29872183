"use client";

import type { HocuspocusProvider } from "@hocuspocus/provider";
import { useEffect, useState } from "react";

export interface PresentUser {
  clientId: number;
  name: string;
  color: string;
  section: string | null;
  isSelf: boolean;
}

/** Who is in the draft now and in which section, from Yjs awareness. */
export function usePresence(provider: HocuspocusProvider | null, _userId: string): PresentUser[] {
  const [users, setUsers] = useState<PresentUser[]>([]);
  useEffect(() => {
    const awareness = provider?.awareness;
    if (!awareness) return;
    const read = () => {
      const list: PresentUser[] = [];
      awareness.getStates().forEach((state, clientId) => {
        const u = state.user as { name?: string; color?: string } | undefined;
        if (!u?.name) return;
        list.push({
          clientId,
          name: u.name,
          color: u.color ?? "#57534e",
          section: typeof state.section === "string" ? state.section : null,
          isSelf: clientId === awareness.clientID,
        });
      });
      list.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name, "zh-CN"));
      setUsers(list);
    };
    read();
    awareness.on("change", read);
    return () => awareness.off("change", read);
  }, [provider]);
  return users;
}
