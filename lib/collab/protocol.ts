import { z } from "zod";
import { DRAFT_ROLES } from "@/lib/schemas/draft";

// The /collab wire contract, one home for both sides: the browser editor
// (components/editor/use-collab.ts), the collab server (server/collab/) and the test and
// bench clients import it. To add a close reason: one entry in CLOSE below and one message
// under `editor.closed.<reason>` in messages/*/drafts.json. To add a stateless message: one
// member of ZStatelessMessage, sent with encodeStateless and read with parseStateless.

/** The websocket path on the portal's own origin. */
export const COLLAB_PATH = "/collab";

const DOC_PREFIX = "draft:";
const MAX_ID_LENGTH = 64;

/** The Yjs document name of a draft. */
export function documentNameOf(draftId: string): string {
  return `${DOC_PREFIX}${draftId}`;
}

/** The draft id a document name refers to, or null for any other name. */
export function draftIdOf(documentName: string): string | null {
  if (!documentName.startsWith(DOC_PREFIX)) return null;
  const id = documentName.slice(DOC_PREFIX.length);
  return id.length > 0 && id.length <= MAX_ID_LENGTH ? id : null;
}

/** The Y.XmlFragment holding the document (Tiptap's default name); the only root type allowed. */
export const DOC_FIELD = "default";

/**
 * Close codes and reasons the server sends. The editor shows `editor.closed.<reason>` for
 * reasons marked `shown`; the others are transient (the provider reconnects by itself).
 * Codes are distinct from Hocuspocus's own (4205 reset, 4401 unauthorized, 4408 timeout,
 * 1009 too big); ACCESS_REVOKED shares 4403 with its "Forbidden", which is what it is.
 */
export const CLOSE = {
  /** Access lost (member removed, user disabled, session ended). */
  ACCESS_REVOKED: { code: 4403, reason: "ACCESS_REVOKED", shown: true },
  /** Too many messages per second on one connection. */
  RATE_LIMITED: { code: 4429, reason: "RATE_LIMITED", shown: true },
  /** The draft is over its character limit; additions are refused. */
  DOCUMENT_TOO_LARGE: { code: 4413, reason: "DOCUMENT_TOO_LARGE", shown: true },
  /** An update that does not decode, does not apply, or breaks the editor schema. */
  INVALID_UPDATE: { code: 4400, reason: "INVALID_UPDATE", shown: true },
  /** Presence (awareness) that does not decode or claims another connection's client. */
  INVALID_PRESENCE: { code: 4422, reason: "INVALID_PRESENCE", shown: false },
  /** After a refused update: the socket closes so the client reconnects and resends at once. */
  RETRY: { code: 1013, reason: "RETRY", shown: false },
  /** The server is stopping; clients reconnect to another instance or after the restart. */
  SERVER_SHUTDOWN: { code: 1001, reason: "SERVER_SHUTDOWN", shown: false },
} as const;

export type CloseReason = keyof typeof CLOSE;

/** Authentication failure: one answer for bad tickets, unknown drafts and hidden drafts. */
export const AUTH_FAILED_REASON = "NOT_FOUND";

/** The reason as the editor should show it, or null when the close is transient. */
export function shownCloseReason(reason: string | undefined): string | null {
  if (!reason) return null;
  if (reason === AUTH_FAILED_REASON) return reason;
  const entry = (CLOSE as Record<string, { shown: boolean } | undefined>)[reason];
  return entry?.shown ? reason : null;
}

/** Stateless messages from the server to the editor. */
export const ZStatelessMessage = z.discriminatedUnion("type", [
  /** The connection's access changed: the editor follows without a reload. */
  z.object({ type: z.literal("access"), readOnly: z.boolean(), role: z.enum(DRAFT_ROLES) }),
]);
export type StatelessMessage = z.infer<typeof ZStatelessMessage>;

export function encodeStateless(message: StatelessMessage): string {
  return JSON.stringify(message);
}

/** The message, or null for anything else (not JSON, unknown type, wrong shape). */
export function parseStateless(payload: string): StatelessMessage | null {
  try {
    const parsed = ZStatelessMessage.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Presence (awareness) limits: the server replaces `user` and bounds the rest. */
export const PRESENCE_LIMITS = {
  /** Bytes of one client's awareness state as JSON. */
  maxStateBytes: 4 * 1024,
  /** Awareness client ids one connection may hold (tabs share a socket per document). */
  maxClientsPerConnection: 4,
  /** Presence messages per second one connection may send (sustained; bursts of 4×). */
  maxMessagesPerSecond: 30,
} as const;
