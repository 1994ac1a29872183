import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { Hocuspocus, type Extension, type onAuthenticatePayload } from "@hocuspocus/server";
import { Redis as RedisExtension } from "@hocuspocus/extension-redis";
import { WebSocketServer, type WebSocket } from "ws";
import { env } from "../env";
import { isCrossSiteHeaders } from "../auth/same-origin";
import { createRedis } from "../redis";
import { subscribe } from "../services/events";
import { DRAFT_LIMITS } from "@/lib/schemas/draft";
import { collabAccess, draftIdOf } from "./access";
import { TokenBucket, type CollabContext } from "./context";
import { persistenceExtension } from "./persistence";
import { verifyCollabToken } from "./token";

// The /collab websocket: Hocuspocus in the same process as Next, on the same port.
// Every connection is authenticated and authorized by the same policy as the HTTP API;
// access is re-checked on access events and every few seconds, so removing a member or
// disabling a user closes their connections within RECHECK_MS.

export const COLLAB_PATH = "/collab";
const RECHECK_MS = 5_000;

export interface CollabHandle {
  hocuspocus: Hocuspocus<CollabContext>;
  close(): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: number, text: string) {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function authExtension(): Extension<CollabContext> {
  return {
    extensionName: "xieshen-auth",
    async onAuthenticate({ token, documentName, connectionConfig }: onAuthenticatePayload<CollabContext>) {
      const draftId = draftIdOf(documentName);
      const ticket = draftId ? verifyCollabToken(token, draftId) : null;
      const access = ticket && draftId ? await collabAccess({ ...ticket, draftId }) : null;
      // One answer for bad tickets, unknown drafts and drafts this user may not see.
      if (!access || !ticket || !draftId) throw new Error("NOT_FOUND");
      connectionConfig.readOnly = access.readOnly;
      const context: CollabContext = { userId: access.user.id, sessionVersion: ticket.sessionVersion, draftId, rate: new TokenBucket() };
      return context;
    },
  };
}

async function recheck(hp: Hocuspocus<CollabContext>, filter: { draftId?: string; userId?: string } = {}) {
  // One policy decision per user, session and draft, however many tabs they have open.
  const decisions = new Map<string, ReturnType<typeof collabAccess>>();
  for (const document of hp.documents.values()) {
    for (const connection of document.getConnections()) {
      const ctx = connection.context;
      if (!ctx?.userId) continue;
      if (filter.draftId && ctx.draftId !== filter.draftId) continue;
      if (filter.userId && ctx.userId !== filter.userId) continue;
      const key = `${ctx.userId}:${ctx.sessionVersion}:${ctx.draftId}`;
      if (!decisions.has(key)) decisions.set(key, collabAccess({ userId: ctx.userId, sessionVersion: ctx.sessionVersion, draftId: ctx.draftId }));
      const access = await decisions.get(key)!.catch(() => undefined);
      if (access === undefined) continue; // database hiccup: keep the connection, try again next round
      if (!access) connection.close({ code: 4403, reason: "ACCESS_REVOKED" });
      else if (connection.readOnly !== access.readOnly) {
        connection.readOnly = access.readOnly;
        // Tell the editor, so a raised or narrowed role applies without a reload.
        connection.sendStateless(JSON.stringify({ type: "access", readOnly: access.readOnly, role: access.role }));
      }
    }
  }
}

export async function startCollab(o: { server: Server }): Promise<CollabHandle> {
  const e = env();
  const extensions: Extension<CollabContext>[] = [authExtension(), persistenceExtension()];
  if (e.REDIS_URL) {
    const url = e.REDIS_URL;
    extensions.push(new RedisExtension({ createClient: () => createRedis(url, "collab"), prefix: "xieshen:collab" }) as unknown as Extension<CollabContext>);
  }
  const hocuspocus = new Hocuspocus<CollabContext>({
    name: `xieshen-${process.pid}`,
    quiet: true,
    extensions,
    // Derived outline and compaction run after changes settle; durability does not wait for them.
    debounce: 2_000,
    maxDebounce: 10_000,
    unloadImmediately: false,
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: DRAFT_LIMITS.maxFrameBytes });
  let closing = false;
  o.server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== COLLAB_PATH) return; // Next's own upgrade listener (dev hot reload) handles the rest
    const header = (n: string) => {
      const v = req.headers[n];
      return Array.isArray(v) ? v[0] : v;
    };
    if (isCrossSiteHeaders(header)) return refuseUpgrade(socket, 403, "Forbidden");
    // Shutting down: clients reconnect to another instance (or to this one after restart).
    if (closing) return refuseUpgrade(socket, 503, "Service Unavailable");
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(`http://localhost${req.url ?? "/"}`, { headers });
      const client = hocuspocus.handleConnection(ws, request);
      ws.on("message", (data: Buffer) => client.handleMessage(new Uint8Array(data)));
      ws.on("close", (code: number, reason: Buffer) => client.handleClose({ code, reason: reason.toString() }));
      ws.on("error", () => ws.terminate());
    });
  });

  const unsubscribe = subscribe((event) => {
    if (event.type === "access.changed") void recheck(hocuspocus, event);
  });
  const timer = setInterval(() => void recheck(hocuspocus), RECHECK_MS);
  timer.unref();

  return {
    hocuspocus,
    async close() {
      closing = true;
      clearInterval(timer);
      unsubscribe();
      // Detach every document connection now (a socket's close handshake takes a while), so
      // no update arrives after the last store and every document can unload.
      hocuspocus.closeConnections();
      for (const ws of wss.clients) ws.close(1001, "SERVER_SHUTDOWN");
      // Every acknowledged update is already in the log; this only flushes derived data
      // (outline), and waits for it so the database is not closed under it.
      hocuspocus.flushPendingStores();
      const deadline = Date.now() + 5_000;
      while (hocuspocus.documents.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      wss.close();
    },
  };
}
