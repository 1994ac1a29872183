import type { beforeHandleAwarenessPayload, Extension } from "@hocuspocus/server";
import { PRESENCE_LIMITS } from "@/lib/collab/protocol";
import { userColor } from "@/lib/collab/user-color";
import type { CollabContext } from "./context";
import { CollabRefusal } from "./context";

// Presence (Yjs awareness) is what a client says about itself: who it is, where its caret
// is, which section it is in. The name and colour others see are set here from the
// authenticated user, whatever the client sent, so nobody can appear as someone else; a
// client cannot speak for another connection's awareness id, and a state is bounded.

export function presenceExtension(): Extension<CollabContext> {
  return {
    extensionName: "xieshen-presence",
    async beforeHandleAwareness({ states, context, connection, document }: beforeHandleAwarenessPayload<CollabContext>) {
      if (!context || !connection) return; // server-internal awareness (none today)
      // Past the rate: dropped, not applied or passed on (the next caret move corrects it).
      if (!context.presenceRate.tryTake()) {
        states.clear();
        return;
      }
      const own = document.getClients(connection);
      // Nearly every message (a caret move) carries only ids this connection already holds;
      // only a new id is looked up among the other connections, once.
      const heldByOther = (id: number) => document.getConnections().some((c) => c !== connection && document.getClients(c).has(id));
      let claimed = own.size;
      for (const [clientId, state] of [...states.entries()]) {
        if (!own.has(clientId)) {
          if (heldByOther(clientId)) {
            states.delete(clientId); // another connection's presence: not this client's to change
            continue;
          }
          if (++claimed > PRESENCE_LIMITS.maxClientsPerConnection) {
            states.delete(clientId);
            continue;
          }
        }
        if (state === null || typeof state !== "object") continue;
        const size = JSON.stringify(state).length;
        if (size > PRESENCE_LIMITS.maxStateBytes) throw new CollabRefusal("INVALID_PRESENCE");
        const s = state as Record<string, unknown>;
        s.user = { name: context.userName, color: userColor(context.userId) };
        if (s.section !== undefined && s.section !== null && (typeof s.section !== "string" || s.section.length > 64)) delete s.section;
      }
    },
  };
}

