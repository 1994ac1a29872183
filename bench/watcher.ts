import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as Y from "yjs";

// A watcher that speaks the Hocuspocus protocol itself instead of running a HocuspocusProvider
// with a Y.Doc: for the bench's read-only clients (a review session's hundreds of people who
// only watch). To the server it is the provider's twin — the same messages in the same order:
// Auth (ticket, provider version), SyncStep1, its awareness state; it answers the server's
// SyncStep1 with an (empty) SyncStep2, renews its awareness every 15 s as y-protocols does,
// and answers Ping. What it skips is the client-side work of a browser tab — integrating every
// update into a document and re-encoding it — which, times 500 in one generator process,
// would measure the generator rather than the server. It reads each update's client/clock
// ranges (Y.parseUpdateMeta) and reports when its view of a client's state advances: the same
// "delivered" a provider's transaction afterState gives.

const HOCUSPOCUS_VERSION = "4.7.0";
const SYNC = 0;
const AWARENESS = 1;
const AUTH = 2;
const CLOSE = 7;
const PING = 9;
const PONG = 10;
const AWARENESS_RENEW_MS = 15_000;

export interface WatcherOptions {
  url: string;
  documentName: string;
  token: string;
  /** Its state for a client advanced to `clock` (exclusive end). */
  onState: (clientId: number, clock: number) => void;
  /** An awareness state of `clientId` with `clock` arrived (only when given). */
  onAwareness?: (clientId: number, clock: number) => void;
  onSynced: () => void;
  onDisconnect: (reason: string) => void;
}

export class LightWatcher {
  readonly clientId = Math.floor(Math.random() * 0xffffffff);
  synced = false;
  /** Updates whose range did not start where the state was (never expected: the server sends in order). */
  gaps = 0;
  private readonly ws: WebSocket;
  private readonly state = new Map<number, number>();
  private awarenessClock = 0;
  private renew: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly o: WatcherOptions) {
    this.ws = new WebSocket(o.url);
    this.ws.binaryType = "nodebuffer";
    this.ws.on("open", () => {
      this.send(AUTH, (e) => {
        encoding.writeVarUint(e, 0); // token
        encoding.writeVarString(e, o.token);
        encoding.writeVarString(e, HOCUSPOCUS_VERSION);
      });
      this.send(SYNC, (e) => {
        encoding.writeVarUint(e, 0); // step 1: an empty document's state vector
        encoding.writeVarUint8Array(e, new Uint8Array([0]));
      });
      this.sendAwareness();
      this.renew = setInterval(() => {
        this.awarenessClock++;
        this.sendAwareness();
      }, AWARENESS_RENEW_MS);
    });
    this.ws.on("message", (data: Buffer) => this.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    this.ws.on("close", (code, reason) => this.lost(`close ${code} ${reason.toString()}`));
    this.ws.on("error", (e) => this.lost(`error ${e.message}`));
  }

  private send(type: number, body: (e: encoding.Encoder) => void) {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const e = encoding.createEncoder();
    encoding.writeVarString(e, this.o.documentName);
    encoding.writeVarUint(e, type);
    body(e);
    this.ws.send(encoding.toUint8Array(e));
  }

  private sendAwareness() {
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, 1);
    encoding.writeVarUint(update, this.clientId);
    encoding.writeVarUint(update, this.awarenessClock);
    encoding.writeVarString(update, "{}");
    this.send(AWARENESS, (e) => encoding.writeVarUint8Array(e, encoding.toUint8Array(update)));
  }

  private receive(data: Uint8Array) {
    if (data.length === 1 && data[0] === PING) {
      this.ws.send(new Uint8Array([PONG]));
      return;
    }
    const d = decoding.createDecoder(data);
    decoding.readVarString(d); // document name
    const type = decoding.readVarUint(d);
    if (type === SYNC) {
      const step = decoding.readVarUint(d);
      if (step === 0) {
        // The server asks what it lacks: nothing (this client never edits).
        this.send(SYNC, (e) => {
          encoding.writeVarUint(e, 1);
          encoding.writeVarUint8Array(e, new Uint8Array([0, 0]));
        });
        return;
      }
      this.apply(decoding.readVarUint8Array(d));
      if (step === 1 && !this.synced) {
        this.synced = true;
        this.o.onSynced();
      }
    } else if (type === AWARENESS) {
      if (!this.o.onAwareness) return;
      const u = decoding.createDecoder(decoding.readVarUint8Array(d));
      for (let n = decoding.readVarUint(u); n > 0; n--) {
        const clientId = decoding.readVarUint(u);
        const clock = decoding.readVarUint(u);
        const state = decoding.readVarString(u);
        if (state !== "null") this.o.onAwareness(clientId, clock);
      }
    } else if (type === AUTH) {
      if (decoding.readVarUint(d) === 1) this.lost(`permission denied: ${decoding.readVarString(d)}`);
    } else if (type === CLOSE) {
      this.lost(`closed by the server: ${decoding.readVarString(d)}`);
    }
  }

  private apply(update: Uint8Array) {
    const { from, to } = Y.parseUpdateMeta(update);
    for (const [clientId, end] of to) {
      const start = from.get(clientId) ?? 0;
      const current = this.state.get(clientId) ?? 0;
      if (end <= current) continue;
      if (start > current) this.gaps++;
      this.state.set(clientId, end);
      this.o.onState(clientId, end);
    }
  }

  private lost(reason: string) {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.renew);
    this.o.onDisconnect(reason);
    this.ws.terminate();
  }

  destroy() {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.renew);
    this.ws.close();
  }
}
