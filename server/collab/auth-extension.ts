import type { connectedPayload, Extension, onAuthenticatePayload } from "@hocuspocus/server";
import { subscribe } from "../services/events";
import { AUTH_FAILED_REASON, draftIdOf } from "@/lib/collab/protocol";
import { collabAccess } from "./access";
import { applyAccess } from "./access-recheck";
import type { CollabContext } from "./context";
import { connectionBudgets } from "./limits";
import { verifyCollabToken } from "./token";

/**
 * Every connection: a valid ticket for this draft, a user who is still signed in, and the
 * same policy decision as the HTTP API (server/policy via collabAccess), taken when it
 * authenticates and again once it has joined the document.
 */
export function authExtension(o: { retryLater?: (request: Request) => void } = {}): Extension<CollabContext> {
  // Counts access.changed events heard: a join re-decides only when one came in while it
  // was authenticating (one policy decision per join instead of two).
  let accessEpoch = 0;
  const unsubscribe = subscribe((e) => {
    if (e.type === "access.changed") accessEpoch++;
  });
  return {
    extensionName: "xieshen-auth",
    async onAuthenticate({ token, documentName, connectionConfig, request }: onAuthenticatePayload<CollabContext>) {
      const draftId = draftIdOf(documentName);
      const ticket = draftId ? verifyCollabToken(token, draftId) : null;
      let access;
      try {
        access = ticket && draftId ? await collabAccess({ ...ticket, draftId }) : null;
      } catch (e) {
        // The database could not answer (restarting, unreachable): not a refusal. The provider
        // would wait for its message timeout after "permission denied"; closing the socket
        // makes it reconnect and authenticate again now, as after a failed write.
        o.retryLater?.(request);
        throw e;
      }
      // One answer for bad tickets, unknown drafts and drafts this user may not see.
      if (!access || !ticket || !draftId) throw new Error(AUTH_FAILED_REASON);
      connectionConfig.readOnly = access.readOnly;
      const context: CollabContext = {
        userId: access.user.id,
        userName: access.user.name,
        sessionVersion: ticket.sessionVersion,
        draftId,
        ...connectionBudgets(),
        accessEpoch,
      };
      return context;
    },
    // A change committed while this connection was authenticating found no connection to
    // update (it joins the document only now): decide once more, now that it can be reached.
    // Only if such a change was announced meanwhile: one announced from now on finds this
    // connection (access-recheck.ts), and the periodic recheck covers one never announced.
    async connected({ connection, context }: connectedPayload<CollabContext>) {
      if (context.accessEpoch === accessEpoch) return;
      const access = await collabAccess({ userId: context.userId, sessionVersion: context.sessionVersion, draftId: context.draftId }).catch(() => undefined);
      if (access !== undefined) applyAccess(connection, access);
    },
    async onDestroy() {
      unsubscribe();
    },
  };
}
