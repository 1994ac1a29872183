import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as Y from "yjs";

// A client that speaks the Hocuspocus protocol itself instead of running a HocuspocusProvider
// whose Y.Doc integrates every update: for the bench's crowds (a review session's hundreds of
// watchers, 200–300 editors on one draft), where hundreds of providers in one generator process
// would measure the generator rather than the server. To the server it is the provider's twin —
// the same messages in the same order: Auth (ticket, provider version), SyncStep1, its awareness
// state; it answers the server's SyncStep1 with a SyncStep2, renews its awareness every 15 s as
// y-protocols does, and answers Ping. It reads each incoming update's client/clock ranges
// (Y.parseUpdateMeta) and reports when its view of a client's state advances: the same
// "delivered" a provider's transaction afterState gives.
//
// An editing light client keeps a Y.Doc holding the draft as it was served (the first
// SyncStep2) plus its own edits, and sends each local update as the provider does; the server
// answers each with a SyncStatus (for the portal: committed), matched in order to what was sent.
// It does not integrate the others' edits: its own inserts refer only to items the server
// has, so every update stays valid; what it skips is a browser tab's own work, not the server's.

const HOCUSPOCUS_VERSION = "4.7.0";
const SYNC = 0;
const AWARENESS = 1;
const AUTH = 2;
const SYNC_STATUS = 8;
const HANDSHAKE = -2;
const CLOSE = 7;
const PING = 9;
const PONG = 10;
const AWARENESS_RENEW_MS = 15_000;

export interface LightClientOptions {
  url: string;
  documentName: string;
  token: string;
  /** An editing client's document (empty until the first SyncStep2 is applied to it). */
  doc?: Y.Doc;
  /** The server acknowledged an update sent with this tag (SyncStatus, in order). */
  onAck?: (tag: number, applied: boolean) => void;
  /** Its state for a client advanced to `clock` (exclusive end). */
  onState: (clientId: number, clock: number) => void;
  /** An awareness state of `clientId` with `clock` arrived (only when given). */
  onAwareness?: (clientId: number, clock: number) => void;
  onSynced: () => void;
  onDisconnect: (reason: string) => void;
}

export class LightClient {
  /** Its Yjs client id: its document's, or (a watcher) a random one for its awareness state. */
  readonly clientId: number;
  synced = false;
  /** Updates whose range did not start where the state was (never expected: the server sends in order). */
  gaps = 0;
  private readonly ws: WebSocket;
  private readonly state = new Map<number, number>();
  private awarenessClock = 0;
  private renew: NodeJS.Timeout | undefined;
  private closed = false;
  /** Tags of what awaits a SyncStatus, in the order sent (HANDSHAKE for the SyncStep2 answer). */
  private readonly awaiting: number[] = [];

  constructor(private readonly o: LightClientOptions) {
    this.clientId = o.doc?.clientID ?? Math.floor(Math.random() * 0xffffffff);
    this.ws = new WebSocket(o.url);
    this.ws.binaryType = "nodebuffer";
    this.ws.on("open", () => {
      this.send(AUTH, (e) => {
        encoding.writeVarUint(e, 0); // token
        encoding.writeVarString(e, o.token);
        encoding.writeVarString(e, HOCUSPOCUS_VERSION);
      });
      this.send(SYNC, (e) => {
        encoding.writeVarUint(e, 0); // step 1: what this client has (an editor's document is still empty)
        encoding.writeVarUint8Array(e, o.doc ? Y.encodeStateVector(o.doc) : new Uint8Array([0]));
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

  /** Sends a local update (an editor's edit); `tag` comes back with its acknowledgement. */
  sendUpdate(update: Uint8Array, tag: number): boolean {
    if (!this.sendSync(2, update)) return false;
    this.awaiting.push(tag);
    return true;
  }

  private sendSync(step: number, update: Uint8Array): boolean {
    if (this.ws.readyState !== WebSocket.OPEN) return false;
    this.send(SYNC, (e) => {
      encoding.writeVarUint(e, step);
      encoding.writeVarUint8Array(e, update);
    });
    return true;
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
    const nameLength = decoding.readVarUint(d);
    d.pos += nameLength; // the document name: one document per client, skipped undecoded
    const type = decoding.readVarUint(d);
    if (type === SYNC) {
      const step = decoding.readVarUint(d);
      if (step === 0) {
        // The server asks what it lacks (a watcher: nothing).
        const sv = decoding.readVarUint8Array(d);
        const answer = this.o.doc ? Y.encodeStateAsUpdate(this.o.doc, sv) : new Uint8Array([0, 0]);
        if (this.sendSync(1, answer)) this.awaiting.push(HANDSHAKE);
        return;
      }
      const update = decoding.readVarUint8Array(d);
      if (step === 1 && !this.synced && this.o.doc) Y.applyUpdate(this.o.doc, update, this);
      this.apply(update);
      if (step === 1 && !this.synced) {
        this.synced = true;
        this.o.onSynced();
      }
    } else if (type === SYNC_STATUS) {
      const applied = decoding.readVarInt(d) === 1;
      const tag = this.awaiting.shift();
      if (tag !== undefined && tag !== HANDSHAKE) this.o.onAck?.(tag, applied);
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
