import type { Connection, Hocuspocus } from "@hocuspocus/server";
import { CLOSE, encodeStateless } from "@/lib/collab/protocol";
import { subscribe } from "../services/events";
import { collabAccessMany, type CollabAccess } from "./access";
import type { CollabContext } from "./context";

// Access changes reach open connections: at once on an `access.changed` event (member
// removed, role changed, user disabled), and every RECHECK_MS as a backstop. A lost right
// closes the connection; a changed one flips it read-only or writable and tells the editor.

const RECHECK_MS = 5_000;

const CHUNK = 500;

async function recheck(hp: Hocuspocus<CollabContext>, filter: { draftId?: string; userId?: string } = {}) {
  // One policy decision per user, session and draft, however many tabs they have open; all
  // of a round's decisions in two statements per CHUNK (collabAccessMany), so the backstop
  // stays cheap with hundreds of drafts open.
  const byKey = new Map<string, { key: { userId: string; sessionVersion: number; draftId: string }; connections: Connection<CollabContext>[] }>();
  for (const document of hp.documents.values()) {
    for (const connection of document.getConnections()) {
      const ctx = connection.context;
      if (!ctx?.userId) continue;
      if (filter.draftId && ctx.draftId !== filter.draftId) continue;
      if (filter.userId && ctx.userId !== filter.userId) continue;
      const id = `${ctx.userId}:${ctx.sessionVersion}:${ctx.draftId}`;
      let entry = byKey.get(id);
      if (!entry) byKey.set(id, (entry = { key: { userId: ctx.userId, sessionVersion: ctx.sessionVersion, draftId: ctx.draftId }, connections: [] }));
      entry.connections.push(connection);
    }
  }
  const entries = [...byKey.values()];
  for (let i = 0; i < entries.length; i += CHUNK) {
    const chunk = entries.slice(i, i + CHUNK);
    const decisions = await collabAccessMany(chunk.map((e) => e.key)).catch(() => undefined);
    if (decisions === undefined) return; // database hiccup: keep the connections, try again next round
    chunk.forEach((e, j) => {
      for (const connection of e.connections) applyAccess(connection, decisions[j]!);
    });
  }
}

/** Follows a fresh policy decision on one open connection: close it, or flip it and say so. */
export function applyAccess(connection: Connection<CollabContext>, access: CollabAccess | null) {
  if (!access) connection.close({ code: CLOSE.ACCESS_REVOKED.code, reason: CLOSE.ACCESS_REVOKED.reason });
  else if (connection.readOnly !== access.readOnly) {
    connection.readOnly = access.readOnly;
    // Tell the editor, so a raised or narrowed role applies without a reload.
    connection.sendStateless(encodeStateless({ type: "access", readOnly: access.readOnly, role: access.role }));
  }
}

/** Starts rechecking; returns the function that stops it. */
export function startAccessRecheck(hp: Hocuspocus<CollabContext>): () => void {
  const unsubscribe = subscribe((event) => {
    if (event.type === "access.changed") void recheck(hp, event);
  });
  const timer = setInterval(() => void recheck(hp), RECHECK_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    unsubscribe();
  };
}
