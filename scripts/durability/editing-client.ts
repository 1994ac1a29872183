import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from "@hocuspocus/provider";
import WebSocket from "ws";
import * as Y from "yjs";
import { sleep, waitUntil, type Random } from "./util";

// One simulated editor: a HocuspocusProvider in Node, editing the draft's Y.XmlFragment
// "default" (Tiptap's field) the way the editor does — a new <paragraph> with a unique
// text per edit — and waiting for the server's acknowledgement before the next one.
//
// What "acknowledged" means here, precisely. The provider counts unsyncedChanges: +1 per
// update it sends, reset to 1 at every (re)connection for the sync handshake, −1 per
// SyncStatus the server sends after beforeSync (which appends to the log) has returned.
// We only edit while the provider is connected, synced and has nothing outstanding, and
// never start an edit before the previous one was acknowledged or given up. Then the
// counter returning to 0 after an edit means: either the update message carrying it was
// acknowledged, or (after a reconnect) the client's SyncStep2 was, which is computed from
// the local document and so contains the edit. Either way the server claimed it durable.
//
// A client that reconnects sends again whatever the server lacks, which would hide an
// acknowledgement given before the data was durable. So the test also crashes clients
// together with the server (crash()): after such a cycle only the database can have the
// acknowledged edits.

export const DOC_FIELD = "default";
const TEXT_PATTERN = /^edit-\d+-\d+$/;

export interface EditRecord {
  text: string;
  /** ms from the edit to its acknowledgement. */
  ackMs: number;
  /** Whether the server was restarted between the edit and its acknowledgement. */
  acrossRestart: boolean;
}

export interface ClientOptions {
  index: number;
  url: string;
  documentName: string;
  token: () => string;
  random: Random;
  /** Give up waiting for one edit's acknowledgement after this long (it is then "unacknowledged"). */
  ackTimeoutMs: number;
  /** Fail the client when no synced connection is available for this long. */
  connectTimeoutMs: number;
  /** Pause between edits, ms: [min, max). Keeps each connection under the server's rate limit. */
  pauseMs: [number, number];
  /** Current server generation, to note edits acknowledged across a restart. */
  generation: () => number;
}

/** Paragraph texts of the fragment, in document order. */
export function paragraphTexts(doc: Y.Doc): string[] {
  const out: string[] = [];
  for (const node of doc.getXmlFragment(DOC_FIELD).toArray()) {
    if (!(node instanceof Y.XmlElement)) continue;
    let text = "";
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) {
        for (const op of child.toDelta() as { insert?: unknown }[]) if (typeof op.insert === "string") text += op.insert;
      }
    }
    out.push(text);
  }
  return out;
}

/** Occurrences of every edit text (`edit-<client>-<n>`) in a document. */
export function countEdits(doc: Y.Doc): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of paragraphTexts(doc)) if (TEXT_PATTERN.test(t)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

export function newProvider(o: { url: string; documentName: string; token: () => string; document: Y.Doc }) {
  const websocketProvider = new HocuspocusProviderWebsocket({
    url: o.url,
    // Node 24 has a global WebSocket too; `ws` is what the server side uses and is well
    // behaved on abrupt resets, so use it explicitly.
    WebSocketPolyfill: WebSocket,
    // Reconnect quickly: the server comes back within seconds, and the default back-off
    // (doubling up to 30 s) would turn a test of durability into a test of patience.
    delay: 100,
    initialDelay: 0,
    minDelay: 100,
    maxDelay: 1_000,
    factor: 1.5,
    jitter: true,
    maxAttempts: 0,
    timeout: 0,
  });
  const provider = new HocuspocusProvider({ websocketProvider, name: o.documentName, document: o.document, token: o.token });
  provider.attach(); // a provider given its own websocket does not attach by itself
  let destroyed = false;
  return {
    provider,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      provider.destroy();
      websocketProvider.destroy();
    },
  };
}

export class EditingClient {
  readonly doc = new Y.Doc();
  readonly provider: HocuspocusProvider;
  private readonly connection: ReturnType<typeof newProvider>;
  readonly acknowledged: EditRecord[] = [];
  /** Edits whose acknowledgement did not come within ackTimeoutMs. */
  readonly unacknowledged: string[] = [];
  /** Edits in flight when the client was crashed (never acknowledged). */
  readonly abandoned: string[] = [];
  /** Every edit text this client made, acknowledged or not. */
  readonly attempted: string[] = [];
  reconnects = 0;
  private n = 0;
  private connectedOnce = false;
  private aborted = false;
  private destroyed = false;
  private pending: { text: string; t0: number; generation: number } | null = null;
  private settleAck: ((acked: boolean) => void) | null = null;

  constructor(private readonly o: ClientOptions) {
    this.connection = newProvider({ url: o.url, documentName: o.documentName, token: o.token, document: this.doc });
    this.provider = this.connection.provider;
    this.provider.on("synced", () => {
      if (this.connectedOnce) this.reconnects += 1;
      this.connectedOnce = true;
    });
    // Record the acknowledgement the moment the SyncStatus is processed, not when a poll
    // notices: a crash right after it must not turn an acknowledged edit into an unknown one.
    this.provider.on("unsyncedChanges", ({ number }: { number: number }) => {
      if (number !== 0 || !this.pending || this.aborted) return;
      const p = this.pending;
      this.pending = null;
      this.acknowledged.push({ text: p.text, ackMs: performance.now() - p.t0, acrossRestart: this.o.generation() !== p.generation });
      this.settleAck?.(true);
    });
  }

  get index() {
    return this.o.index;
  }

  /** Connected, authenticated, synced and nothing outstanding: safe to make the next edit. */
  private ready(): boolean {
    const p = this.provider;
    return (
      !this.destroyed &&
      p.configuration.websocketProvider.status === WebSocketStatus.Connected &&
      p.isAuthenticated &&
      p.isSynced &&
      p.unsyncedChanges === 0
    );
  }

  private insertParagraph(text: string) {
    const fragment = this.doc.getXmlFragment(DOC_FIELD);
    const at = this.o.random.int(0, fragment.length + 1);
    this.doc.transact(() => {
      const paragraph = new Y.XmlElement("paragraph");
      fragment.insert(at, [paragraph]);
      const yText = new Y.XmlText();
      paragraph.insert(0, [yText]);
      yText.insert(0, text);
    });
  }

  private waitForAck(timeoutMs: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (acked: boolean) => {
        clearTimeout(timer);
        this.settleAck = null;
        resolve(acked);
      };
      this.settleAck = finish;
      if (!this.pending) finish(true); // acknowledged synchronously (cannot happen, but harmless)
    });
  }

  /** Edits until `shouldContinue()` turns false or the client is crashed. Throws when no usable connection comes back. */
  async run(shouldContinue: () => boolean): Promise<void> {
    const go = () => shouldContinue() && !this.aborted;
    while (go()) {
      if (!(await waitUntil(() => this.ready() || !go(), this.o.connectTimeoutMs))) {
        throw new Error(
          `client ${this.o.index}: no synced connection for ${this.o.connectTimeoutMs} ms ` +
            `(${this.describe()})`,
        );
      }
      if (!go()) break;
      const text = `edit-${this.o.index}-${++this.n}`;
      this.attempted.push(text);
      this.pending = { text, t0: performance.now(), generation: this.o.generation() };
      this.insertParagraph(text);
      if (this.provider.unsyncedChanges === 0) {
        throw new Error(`client ${this.o.index}: the provider did not count the edit ${text} as unsynced`);
      }
      const acked = await this.waitForAck(this.o.ackTimeoutMs);
      if (!acked && this.pending?.text === text) {
        this.unacknowledged.push(text);
        this.pending = null;
      }
      if (!go()) break;
      await sleep(this.o.random.between(this.o.pauseMs[0], this.o.pauseMs[1]));
    }
  }

  /** What the provider is waiting for, for a failure message. */
  describe(): string {
    const p = this.provider;
    return `status ${p.configuration.websocketProvider.status}, authenticated ${p.isAuthenticated}, synced ${p.isSynced}, unsyncedChanges ${p.unsyncedChanges}`;
  }

  /** Waits until everything local has been acknowledged (used before stopping). */
  settle(timeoutMs: number): Promise<boolean> {
    return waitUntil(() => this.ready(), timeoutMs);
  }

  /**
   * The tab crashes together with the server: whatever was not acknowledged is gone from
   * this client, and nothing it holds will be sent again. Only the server's copy counts.
   */
  crash() {
    this.aborted = true;
    if (this.pending) {
      this.abandoned.push(this.pending.text);
      this.pending = null;
    }
    this.settleAck?.(false);
    this.destroy();
  }

  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.aborted = true;
    this.connection.destroy();
    this.doc.destroy();
  }
}
