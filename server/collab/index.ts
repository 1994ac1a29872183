import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { Hocuspocus, type Extension } from "@hocuspocus/server";
import { WebSocketServer, type WebSocket } from "ws";
import { CLOSE, COLLAB_PATH } from "@/lib/collab/protocol";
import { DRAFT_LIMITS } from "@/lib/schemas/draft";
import { env } from "../env";
import { isCrossSiteHeaders } from "../auth/same-origin";
import { startAccessRecheck } from "./access-recheck";
import { authExtension } from "./auth-extension";
import type { CollabContext } from "./context";
import { persistenceExtension, type PersistenceExtension } from "./persistence";
import { noEchoExtension } from "./no-echo";
import { presenceExtension } from "./presence-extension";
import { ResyncingRedisExtension } from "./redis-fanout";

// The /collab websocket: Hocuspocus in the same process as Next, on the same port. This
// file only wires: the upgrade (Origin check, frame size), the extensions — one concern
// each: auth-extension (ticket + policy), presence-extension (who you appear as),
// persistence (validate, store, acknowledge; derived data) — the access recheck, Redis
// fan-out between instances, and an orderly shutdown. The wire contract (path, document
// names, close reasons, stateless messages) is lib/collab/protocol.ts.

export interface CollabHandle {
  hocuspocus: Hocuspocus<CollabContext>;
  persistence: PersistenceExtension;
  close(): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: number, text: string) {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startCollab(o: { server: Server; /** Tests: release the update guard's copy sooner. */ guardIdleMs?: number }): Promise<CollabHandle> {
  const e = env();
  // The socket of each upgrade, for closing it from a hook that sees only the request.
  const sockets = new WeakMap<Request, WebSocket>();
  const retryLater = (request: Request) => {
    const ws = sockets.get(request);
    // After the refusal has gone out, so the client hears why before the socket closes.
    setTimeout(() => ws?.close(CLOSE.RETRY.code, CLOSE.RETRY.reason), 100);
  };
  const persistence = persistenceExtension({ guardIdleMs: o.guardIdleMs });
  const extensions: Extension<CollabContext>[] = [authExtension({ retryLater }), presenceExtension(), persistence, noEchoExtension() as Extension<CollabContext>];
  if (e.REDIS_URL) extensions.push(new ResyncingRedisExtension(e.REDIS_URL) as unknown as Extension<CollabContext>);
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
      sockets.set(request, ws);
      const client = hocuspocus.handleConnection(ws, request);
      ws.on("message", (data: Buffer) => client.handleMessage(new Uint8Array(data)));
      ws.on("close", (code: number, reason: Buffer) => client.handleClose({ code, reason: reason.toString() }));
      ws.on("error", () => ws.terminate());
    });
  });

  const stopRecheck = startAccessRecheck(hocuspocus);

  return {
    hocuspocus,
    persistence,
    async close() {
      closing = true;
      stopRecheck();
      // Detach every document connection now (a socket's close handshake takes a while), so
      // no update arrives after the last store and every document can unload.
      hocuspocus.closeConnections();
      for (const ws of wss.clients) ws.close(CLOSE.SERVER_SHUTDOWN.code, CLOSE.SERVER_SHUTDOWN.reason);
      // Every acknowledged update is already in the log; this only flushes derived data
      // (outline), and waits for it so the database is not closed under it.
      hocuspocus.flushPendingStores();
      const deadline = Date.now() + 5_000;
      while (hocuspocus.documents.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      wss.close();
    },
  };
}
