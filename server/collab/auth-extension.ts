import type { Extension, onAuthenticatePayload } from "@hocuspocus/server";
import { AUTH_FAILED_REASON, draftIdOf } from "@/lib/collab/protocol";
import { collabAccess } from "./access";
import type { CollabContext } from "./context";
import { TokenBucket } from "./limits";
import { verifyCollabToken } from "./token";

/**
 * Every connection: a valid ticket for this draft, a user who is still signed in, and the
 * same policy decision as the HTTP API (server/policy via collabAccess).
 */
export function authExtension(): Extension<CollabContext> {
  return {
    extensionName: "xieshen-auth",
    async onAuthenticate({ token, documentName, connectionConfig }: onAuthenticatePayload<CollabContext>) {
      const draftId = draftIdOf(documentName);
      const ticket = draftId ? verifyCollabToken(token, draftId) : null;
      const access = ticket && draftId ? await collabAccess({ ...ticket, draftId }) : null;
      // One answer for bad tickets, unknown drafts and drafts this user may not see.
      if (!access || !ticket || !draftId) throw new Error(AUTH_FAILED_REASON);
      connectionConfig.readOnly = access.readOnly;
      const context: CollabContext = {
        userId: access.user.id,
        userName: access.user.name,
        sessionVersion: ticket.sessionVersion,
        draftId,
        rate: new TokenBucket(),
      };
      return context;
    },
  };
}
