import { readFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createInterface } from "node:readline";
import * as Y from "yjs";
import { newProvider } from "../scripts/durability/editing-client";
import { seededRandom, sleep, waitUntil } from "../scripts/durability/util";
import { LightClient } from "./light-client";

// The load generator: its own process (so its CPU never competes inside the server being
// measured, and its own saturation can be seen), driving N Yjs clients — each a
// HocuspocusProvider on its own websocket, like N browser tabs — against one document or
// spread over many. Started by bench/collab.ts with a JSON config file; prints MEASURE_START /
// MEASURE_END (the orchestrator samples server and database CPU and the server's RSS between
// them) and one RESULT line.
//
// Each editing client inserts 1–4 Chinese characters into a random paragraph every 250–750 ms;
// the other clients of a document only watch (a review session: many connected, few typing).
// Deliveries are counted per edit, not per message (Hocuspocus merges updates): an edit is
// the client id and the clock range its transaction produced, and a receiver has it when
// its document's state for that client reaches the end of the range (transaction
// afterState, the same client+clock information Y.parseUpdateMeta gives, without decoding
// every message again). Propagation = receive time − edit time, over every (edit, other
// client of the same document) pair, watchers included. Ack = edit → the SyncStatus that
// brings the provider's unsyncedChanges down.
//
// Optional, per scenario:
// - joins: during the measured window, extra clients open one at a time (spaced evenly),
//   each timed from creating its provider (websocket, ticket, policy) to `synced` — the join
//   of a loaded draft — then closed. They are not receivers.
// - cursors: every editor keeps a caret in its awareness state the way Tiptap's collaboration
//   caret does (field "cursor", anchor/head as Yjs relative positions), moved after each
//   edit. Awareness propagation = caret set → another client of the document applies an
//   awareness update carrying that client's clock (or a later one).
// - bucketMs: propagation p50/p99 per bucket of the measured window, by edit time (soak).
// - storm: no edits; once every client is synced, print STORM_READY and wait on stdin for
//   "RESTARTED <epoch ms>" (the moment the restarted server accepts connections), then time
//   each client's `synced` again from that moment (Date.now(): same machine clock).

export interface GeneratorConfig {
  url: string;
  /** One document (the one-draft scenarios) … */
  documentName?: string;
  /** … its tickets, one per client (cycled). */
  tokens?: string[];
  /** … or several documents, each with its tickets: client i is on document i mod n. */
  documents?: { name: string; tokens: string[] }[];
  /** Clients in all (over all documents). */
  clients: number;
  /** How many of the clients edit (the first ones, so spread over the documents like the clients); default all. */
  editors?: number;
  joins?: number;
  cursors?: boolean;
  /**
   * Clients as protocol-level light clients (bench/light-client.ts) instead of providers whose
   * Y.Doc integrates every update: the watchers only, or every client. Joins stay providers.
   */
  light?: "watchers" | "all";
  bucketMs?: number;
  storm?: { timeoutMs: number };
  warmupMs: number;
  measureMs: number;
  drainMs: number;
  editEveryMs: [number, number];
  seed: number;
  connectTimeoutMs: number;
}

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface GeneratorResult {
  clients: number;
  documents: number;
  editors: number;
  /** Which clients were light (protocol-level) rather than HocuspocusProviders. */
  light: "none" | "watchers" | "all";
  /** Updates a light client got whose range did not start at its state (0 expected). */
  gaps: number;
  connectMs: number;
  edits: number;
  deliveries: number;
  undelivered: number;
  disconnects: number;
  prop: { p50: number; p95: number; p99: number; max: number };
  ack: { p50: number; p99: number; n: number };
  /** Generator CPU, fraction of one core, over the measured window. */
  generatorCpu: number;
  lagP99Ms: number;
  lagMaxMs: number;
  generatorBound: boolean;
  joins?: Percentiles & { failed: number };
  /** Caret (awareness) propagation, per (caret set, other client of the document). */
  awareness?: Percentiles & { sets: number; undelivered: number };
  /** Propagation per bucket of the measured window (bucketMs). */
  buckets?: { startS: number; n: number; p50: number; p99: number; max: number }[];
  storm?: {
    clients: number;
    /** Clients synced again by the end. */
    resynced: number;
    /** Disconnects after the server was back (a reconnect that did not hold). */
    flaps: number;
    /** Server accepting connections again → the client synced again, ms. */
    sinceReady: Percentiles;
    /** The client's last websocket open → synced, ms: the server's share, without the client's back-off. */
    sinceOpen: Percentiles;
  };
}

const cfg = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as GeneratorConfig;
const HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严";

const documents = cfg.documents ?? [{ name: cfg.documentName!, tokens: cfg.tokens! }];
const D = documents.length;
const editorCount = Math.min(cfg.clients, cfg.editors ?? cfg.clients);
const rnd = seededRandom(cfg.seed);
const log = (line: string) => process.stdout.write(line + "\n");
/** Ticket of the k-th client of document d (the document's users alternate). */
const tokenOf = (d: number, k: number) => documents[d]!.tokens[k % documents[d]!.tokens.length]!;

interface Edit {
  t0: number;
  end: number;
  measured: boolean;
  bucket: number;
}
interface CaretSet {
  t0: number;
  clock: number;
  measured: boolean;
}
/** What one client sent, oldest first; `base` is the absolute index of items[0] (delivered prefixes are trimmed). */
interface Track<T> {
  items: T[];
  base: number;
}
interface Sender {
  doc: number;
  edits: Track<Edit>;
  carets: Track<CaretSet>;
  measuredEdits: number;
  measuredCarets: number;
}
interface Client {
  i: number;
  /** Index of its document. */
  d: number;
  editor: boolean;
  /** Its Yjs client id (the provider's document's, or the light watcher's). */
  id: number;
  /** An editor's document, a provider's or a light client's. */
  doc: Y.Doc | null;
  /** A provider … */
  conn: ReturnType<typeof newProvider> | null;
  /** … or a protocol-level client (bench/light-client.ts). */
  watcher: LightClient | null;
  /** A light editor: the tag its next update is sent with (edit time, or −1 outside the window). */
  tag: number;
  synced: boolean;
  disconnects: number;
  pendingAcks: number[];
  lastUnsynced: number;
  /** Per sender client id: absolute index of its next edit not yet delivered here. */
  seen: Map<number, number>;
  /** Per sender client id: absolute index of its next caret set not yet delivered here. */
  seenCaret: Map<number, number>;
}

const senders = new Map<number, Sender>();
const docClients: Client[][] = documents.map(() => []);
const propBuckets: number[][] = [[]];
const ackMs: number[] = [];
const caretMs: number[] = [];
let deliveries = 0;
let caretDeliveries = 0;
let measuring = false;
let measureStart = 0;

function bucketOf(t: number) {
  return cfg.bucketMs ? Math.max(0, Math.floor((t - measureStart) / cfg.bucketMs)) : 0;
}

/** Client c's state for `clientId` reached `after`: every edit of that sender ending by then is delivered. */
function delivered(c: Client, clientId: number, after: number, now: number) {
  if (clientId === c.id) return; // Hocuspocus sends an update back to its sender too
  const s = senders.get(clientId);
  if (!s || s.doc !== c.d) return;
  const { items, base } = s.edits;
  let k = c.seen.get(clientId) ?? 0;
  while (k - base < items.length && items[k - base]!.end <= after) {
    const e = items[k - base]!;
    if (e.measured) {
      (propBuckets[e.bucket] ??= []).push(now - e.t0);
      deliveries++;
    }
    k++;
  }
  c.seen.set(clientId, k);
}

function onRemote(c: Client, tr: Y.Transaction) {
  const now = performance.now();
  for (const [clientId, after] of tr.afterState) {
    if ((tr.beforeState.get(clientId) ?? 0) < after) delivered(c, clientId, after, now);
  }
}

/** Client c has an awareness state of `clientId` with this clock: every caret set up to it is delivered. */
function caretDelivered(c: Client, clientId: number, clock: number, now: number) {
  if (clientId === c.id) return;
  const s = senders.get(clientId);
  if (!s || s.doc !== c.d) return;
  const { items, base } = s.carets;
  let k = c.seenCaret.get(clientId) ?? 0;
  while (k - base < items.length && items[k - base]!.clock <= clock) {
    const e = items[k - base]!;
    if (e.measured) {
      caretMs.push(now - e.t0);
      caretDeliveries++;
    }
    k++;
  }
  c.seenCaret.set(clientId, k);
}

/** Drops what every other client of the sender's document has already received (long runs). */
function trim() {
  for (const [clientId, s] of senders) {
    for (const [track, seenOf] of [
      [s.edits, (c: Client) => c.seen],
      [s.carets, (c: Client) => c.seenCaret],
    ] as const) {
      let min = track.base + track.items.length;
      for (const r of docClients[s.doc]!) if (r.id !== clientId) min = Math.min(min, seenOf(r).get(clientId) ?? 0);
      const drop = min - track.base;
      if (drop > 0) {
        (track.items as unknown[]).splice(0, drop);
        track.base = min;
      }
    }
  }
}

function makeLight(i: number, editor: boolean): Client {
  const d = i % D;
  const doc = editor ? new Y.Doc() : null;
  const c: Client = {
    i, d, editor, id: 0, doc, conn: null, watcher: null, tag: -1, synced: false, disconnects: 0, pendingAcks: [], lastUnsynced: 0, seen: new Map(), seenCaret: new Map(),
  };
  const client = new LightClient({
    url: cfg.url,
    documentName: documents[d]!.name,
    token: tokenOf(d, Math.floor(i / D)),
    doc: doc ?? undefined,
    onAck: (t0) => {
      if (measuring && t0 >= 0) ackMs.push(performance.now() - t0);
    },
    onState: (clientId, clock) => delivered(c, clientId, clock, performance.now()),
    onAwareness: cfg.cursors ? (clientId, clock) => caretDelivered(c, clientId, clock, performance.now()) : undefined,
    onSynced: () => {
      c.synced = true;
    },
    onDisconnect: (reason) => {
      if (!c.synced) return;
      c.disconnects++;
      log(`light client ${i} lost: ${reason}`);
    },
  });
  c.watcher = client;
  c.id = client.clientId;
  if (doc) {
    senders.set(doc.clientID, { doc: d, edits: { items: [], base: 0 }, carets: { items: [], base: 0 }, measuredEdits: 0, measuredCarets: 0 });
    doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin !== client) client.sendUpdate(update, c.tag);
    });
  }
  docClients[d]!.push(c);
  return c;
}

function makeClient(i: number): Client {
  const d = i % D;
  if (cfg.light === "all" || (cfg.light === "watchers" && i >= editorCount)) return makeLight(i, i < editorCount);
  const doc = new Y.Doc();
  const token = tokenOf(d, Math.floor(i / D));
  const conn = newProvider({ url: cfg.url, documentName: documents[d]!.name, token: () => token, document: doc });
  const c: Client = {
    i, d, editor: i < editorCount, id: doc.clientID, doc, conn, watcher: null, tag: -1, synced: false, disconnects: 0, pendingAcks: [], lastUnsynced: 0, seen: new Map(), seenCaret: new Map(),
  };
  docClients[d]!.push(c);
  if (c.editor) senders.set(doc.clientID, { doc: d, edits: { items: [], base: 0 }, carets: { items: [], base: 0 }, measuredEdits: 0, measuredCarets: 0 });
  doc.on("afterTransaction", (tr: Y.Transaction) => {
    if (!tr.local) onRemote(c, tr);
  });
  if (cfg.cursors) {
    const awareness = conn.provider.awareness!;
    awareness.on("update", ({ added, updated }: { added: number[]; updated: number[] }, origin: unknown) => {
      if (origin === "local") return;
      const now = performance.now();
      for (const id of added.length ? added.concat(updated) : updated) caretDelivered(c, id, awareness.meta.get(id)?.clock ?? 0, now);
    });
  }
  conn.provider.on("synced", () => {
    c.synced = true;
  });
  conn.provider.on("disconnect", () => {
    if (c.synced) c.disconnects++;
    c.pendingAcks = []; // the provider recounts after a reconnect
  });
  conn.provider.on("unsyncedChanges", ({ number }: { number: number }) => {
    const now = performance.now();
    if (number < c.lastUnsynced) {
      for (let k = c.lastUnsynced - number; k > 0 && c.pendingAcks.length; k--) {
        const t0 = c.pendingAcks.shift()!;
        if (measuring && t0 >= 0) ackMs.push(now - t0);
      }
    }
    c.lastUnsynced = number;
  });
  return c;
}

function edit(c: Client) {
  const ydoc = c.doc!;
  const fragment = ydoc.getXmlFragment("default");
  if (fragment.length === 0) return;
  let para: Y.XmlElement | null = null;
  for (let tries = 0; tries < 8 && !para; tries++) {
    const node = fragment.get(rnd.int(0, fragment.length));
    if (node instanceof Y.XmlElement && node.nodeName === "paragraph") para = node;
  }
  if (!para) return;
  let text = para.get(0);
  const n = rnd.int(1, 5);
  let s = "";
  for (let k = 0; k < n; k++) s += HAN[rnd.int(0, HAN.length)];
  const sender = senders.get(ydoc.clientID)!;
  const before = Y.getState(ydoc.store, ydoc.clientID);
  const t0 = performance.now();
  if (c.conn) c.pendingAcks.push(measuring ? t0 : -1);
  else c.tag = measuring ? t0 : -1;
  let caret = 0;
  ydoc.transact(() => {
    if (!(text instanceof Y.XmlText)) {
      text = new Y.XmlText();
      para.insert(0, [text]);
    }
    const at = rnd.int(0, (text as Y.XmlText).length + 1);
    (text as Y.XmlText).insert(at, s);
    caret = at + s.length;
  });
  const end = Y.getState(ydoc.store, ydoc.clientID);
  if (end > before) {
    sender.edits.items.push({ t0, end, measured: measuring, bucket: measuring ? bucketOf(t0) : 0 });
    if (measuring) sender.measuredEdits++;
  } else if (c.conn) c.pendingAcks.pop();
  if (cfg.cursors && c.conn && text instanceof Y.XmlText) {
    // What Tiptap's collaboration caret publishes: anchor and head as relative positions.
    const pos = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, caret));
    const awareness = c.conn!.provider.awareness!;
    const t1 = performance.now();
    c.conn!.provider.setAwarenessField("cursor", { anchor: pos, head: pos });
    sender.carets.items.push({ t0: t1, clock: awareness.meta.get(ydoc.clientID)?.clock ?? 0, measured: measuring });
    if (measuring) sender.measuredCarets++;
  }
}

const sorted = (a: number[]) => a.slice().sort((x, y) => x - y);
const pct = (a: number[], p: number) => (a.length ? a[Math.min(a.length - 1, Math.max(0, Math.ceil((p / 100) * a.length) - 1))]! : NaN);
const percentiles = (xs: number[]): Percentiles => {
  const s = sorted(xs);
  return { n: s.length, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), max: pct(s, 100) };
};

/** Joins of the loaded document, one at a time, spaced evenly over the measured window. */
async function runJoins(start: number, joinMs: number[]): Promise<number> {
  let failed = 0;
  const n = cfg.joins ?? 0;
  for (let k = 0; k < n; k++) {
    const at = start + ((k + 1) * cfg.measureMs) / (n + 1);
    await sleep(Math.max(0, at - performance.now()));
    const d = k % D;
    const doc = new Y.Doc();
    const token = tokenOf(d, k);
    const t0 = performance.now();
    const conn = newProvider({ url: cfg.url, documentName: documents[d]!.name, token: () => token, document: doc });
    const ok = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 30_000);
      conn.provider.on("synced", () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (ok) joinMs.push(performance.now() - t0);
    else failed++;
    conn.destroy();
    doc.destroy();
  }
  return failed;
}

/** The first "RESTARTED <epoch ms>" line on stdin. */
function restartedAt(timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin });
    const timer = setTimeout(() => reject(new Error(`no RESTARTED line in ${timeoutMs} ms`)), timeoutMs);
    rl.on("line", (line) => {
      const m = /^RESTARTED (\d+)/.exec(line);
      if (!m) return;
      clearTimeout(timer);
      rl.close();
      resolve(Number(m[1]));
    });
  });
}

async function main() {
  const clients: Client[] = [];
  const connectStart = performance.now();
  for (let i = 0; i < cfg.clients; i++) {
    clients.push(makeClient(i));
    if (i % 10 === 9) await sleep(20); // do not open every socket in one tick
  }
  const allSynced = await waitUntil(() => clients.every((c) => c.synced), cfg.connectTimeoutMs, 20);
  const connectMs = performance.now() - connectStart;
  if (!allSynced) {
    log(`RESULT ${JSON.stringify({ error: `only ${clients.filter((c) => c.synced).length}/${cfg.clients} clients synced in ${cfg.connectTimeoutMs} ms` })}`);
    process.exit(1);
  }
  log("SYNCED"); // every client has the document: the orchestrator reads the server's memory now
  const base = {
    clients: cfg.clients,
    documents: D,
    editors: cfg.storm ? 0 : editorCount,
    light: cfg.light ?? ("none" as const),
    gaps: 0,
    connectMs: Math.round(connectMs),
  };

  if (cfg.storm) {
    const st = clients.map(() => ({ down: false, openAt: 0, syncedAt: 0, flaps: 0 }));
    let back = false;
    clients.forEach((c, i) => {
      const s = st[i]!;
      c.conn!.provider.on("disconnect", () => {
        if (back && s.syncedAt) s.flaps++;
        s.down = true;
        s.syncedAt = 0;
      });
      c.conn!.provider.on("open", () => {
        s.openAt = Date.now();
      });
      c.conn!.provider.on("synced", () => {
        if (s.down) s.syncedAt = Date.now();
      });
    });
    log("STORM_READY");
    const readyAt = await restartedAt(180_000);
    back = true;
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    log("MEASURE_START");
    await waitUntil(() => st.every((s, i) => s.down && s.syncedAt > 0 && clients[i]!.conn!.provider.isSynced), cfg.storm.timeoutMs, 20);
    const cpu = process.cpuUsage(cpu0);
    const wall = performance.now() - wall0;
    lag.disable();
    log("MEASURE_END");
    const done = st.filter((s) => s.down && s.syncedAt > 0);
    const generatorCpu = (cpu.user + cpu.system) / 1000 / wall;
    const lagP99Ms = lag.percentile(99) / 1e6;
    const result: GeneratorResult = {
      ...base,
      edits: 0,
      deliveries: 0,
      undelivered: 0,
      disconnects: clients.reduce((n, c) => n + c.disconnects, 0),
      prop: { p50: NaN, p95: NaN, p99: NaN, max: NaN },
      ack: { p50: NaN, p99: NaN, n: 0 },
      generatorCpu,
      lagP99Ms,
      lagMaxMs: lag.max / 1e6,
      generatorBound: generatorCpu > 0.85 || lagP99Ms > 50,
      storm: {
        clients: clients.length,
        resynced: done.length,
        flaps: st.reduce((n, s) => n + s.flaps, 0),
        sinceReady: percentiles(done.map((s) => s.syncedAt - readyAt)),
        sinceOpen: percentiles(done.map((s) => s.syncedAt - s.openAt)),
      },
    };
    log(`RESULT ${JSON.stringify(result)}`);
    for (const c of clients) {
    c.conn?.destroy();
    c.watcher?.destroy();
  }
    await sleep(100);
    process.exit(0);
  }

  let editing = true;
  const loops = clients
    .filter((c) => c.editor)
    .map(async (c) => {
      await sleep(rnd.between(0, cfg.editEveryMs[1]));
      while (editing) {
        edit(c);
        await sleep(rnd.between(cfg.editEveryMs[0], cfg.editEveryMs[1]));
      }
    });
  const trimmer = setInterval(trim, 5_000);

  await sleep(cfg.warmupMs);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  measureStart = wall0;
  measuring = true;
  log("MEASURE_START");
  const joinMs: number[] = [];
  const joins = runJoins(wall0, joinMs);
  await sleep(cfg.measureMs);
  measuring = false;
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - wall0;
  lag.disable();
  log("MEASURE_END");
  editing = false;
  await Promise.all(loops);
  const joinFailed = await joins;
  await sleep(cfg.drainMs);
  clearInterval(trimmer);

  let expected = 0;
  let edits = 0;
  let carets = 0;
  let expectedCarets = 0;
  for (const s of senders.values()) {
    const receivers = docClients[s.doc]!.length - 1;
    edits += s.measuredEdits;
    expected += s.measuredEdits * receivers;
    carets += s.measuredCarets;
    expectedCarets += s.measuredCarets * receivers;
  }
  const prop = sorted(propBuckets.flat());
  const ack = sorted(ackMs);
  const generatorCpu = (cpu.user + cpu.system) / 1000 / wall;
  const lagP99Ms = lag.percentile(99) / 1e6;
  const result: GeneratorResult = {
    ...base,
    gaps: clients.reduce((k, c) => k + (c.watcher?.gaps ?? 0), 0),
    edits,
    deliveries,
    undelivered: expected - deliveries,
    disconnects: clients.reduce((n, c) => n + c.disconnects, 0),
    prop: { p50: pct(prop, 50), p95: pct(prop, 95), p99: pct(prop, 99), max: pct(prop, 100) },
    ack: { p50: pct(ack, 50), p99: pct(ack, 99), n: ack.length },
    generatorCpu,
    lagP99Ms,
    lagMaxMs: lag.max / 1e6,
    generatorBound: generatorCpu > 0.85 || lagP99Ms > 50,
  };
  if (cfg.joins) result.joins = { ...percentiles(joinMs), failed: joinFailed };
  if (cfg.cursors) result.awareness = { ...percentiles(caretMs), sets: carets, undelivered: expectedCarets - caretDeliveries };
  if (cfg.bucketMs) {
    result.buckets = Array.from({ length: Math.ceil(cfg.measureMs / cfg.bucketMs) }, (_, b) => {
      const s = sorted(propBuckets[b] ?? []);
      return { startS: (b * cfg.bucketMs!) / 1000, n: s.length, p50: pct(s, 50), p99: pct(s, 99), max: pct(s, 100) };
    });
  }
  log(`RESULT ${JSON.stringify(result)}`);
  for (const c of clients) {
    c.conn?.destroy();
    c.watcher?.destroy();
  }
  await sleep(100);
  process.exit(0);
}

await main();
