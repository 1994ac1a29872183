import { readFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import * as Y from "yjs";
import { newProvider } from "../scripts/durability/editing-client";
import { seededRandom, sleep, waitUntil } from "../scripts/durability/util";

// The load generator: its own process (so its CPU never competes inside the server being
// measured, and its own saturation can be seen), driving N Yjs clients — each a
// HocuspocusProvider on its own websocket, like N browser tabs — against one document.
// Started by bench/collab.ts with a JSON config file; prints MEASURE_START / MEASURE_END
// (the orchestrator samples server and database CPU between them) and one RESULT line.
//
// Each client inserts 1–4 Chinese characters into a random paragraph every 250–750 ms.
// Deliveries are counted per edit, not per message (Hocuspocus merges updates): an edit is
// the client id and the clock range its transaction produced, and a receiver has it when
// its document's state for that client reaches the end of the range (transaction
// afterState, the same client+clock information Y.parseUpdateMeta gives, without decoding
// every message again). Propagation = receive time − edit time, over every (edit, other
// client) pair. Ack = edit → the SyncStatus that brings the provider's unsyncedChanges down.

export interface GeneratorConfig {
  url: string;
  documentName: string;
  /** One ticket per client (cycled). */
  tokens: string[];
  clients: number;
  warmupMs: number;
  measureMs: number;
  drainMs: number;
  editEveryMs: [number, number];
  seed: number;
  connectTimeoutMs: number;
}

export interface GeneratorResult {
  clients: number;
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
}

const cfg = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as GeneratorConfig;
const HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严";

const rnd = seededRandom(cfg.seed);
const log = (line: string) => process.stdout.write(line + "\n");

interface Edit {
  t0: number;
  end: number;
  measured: boolean;
}
interface Sender {
  edits: Edit[];
}
interface Client {
  i: number;
  doc: Y.Doc;
  conn: ReturnType<typeof newProvider>;
  synced: boolean;
  disconnects: number;
  pendingAcks: number[];
  lastUnsynced: number;
  /** Per sender client id: index of the next edit not yet delivered here. */
  cursor: Map<number, number>;
}

const senders = new Map<number, Sender>();
const propMs: number[] = [];
const ackMs: number[] = [];
let deliveries = 0;
let measuring = false;

function onRemote(c: Client, tr: Y.Transaction) {
  const now = performance.now();
  for (const [clientId, after] of tr.afterState) {
    if ((tr.beforeState.get(clientId) ?? 0) >= after) continue;
    const s = senders.get(clientId);
    if (!s) continue;
    let k = c.cursor.get(clientId) ?? 0;
    while (k < s.edits.length && s.edits[k]!.end <= after) {
      const e = s.edits[k]!;
      if (e.measured) {
        propMs.push(now - e.t0);
        deliveries++;
      }
      k++;
    }
    c.cursor.set(clientId, k);
  }
}

function makeClient(i: number): Client {
  const doc = new Y.Doc();
  const token = cfg.tokens[i % cfg.tokens.length]!;
  const conn = newProvider({ url: cfg.url, documentName: cfg.documentName, token: () => token, document: doc });
  const c: Client = { i, doc, conn, synced: false, disconnects: 0, pendingAcks: [], lastUnsynced: 0, cursor: new Map() };
  senders.set(doc.clientID, { edits: [] });
  doc.on("afterTransaction", (tr: Y.Transaction) => {
    if (!tr.local) onRemote(c, tr);
  });
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
  const fragment = c.doc.getXmlFragment("default");
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
  const before = Y.getState(c.doc.store, c.doc.clientID);
  const t0 = performance.now();
  c.pendingAcks.push(measuring ? t0 : -1);
  c.doc.transact(() => {
    if (!(text instanceof Y.XmlText)) {
      text = new Y.XmlText();
      para.insert(0, [text]);
    }
    (text as Y.XmlText).insert(rnd.int(0, (text as Y.XmlText).length + 1), s);
  });
  const end = Y.getState(c.doc.store, c.doc.clientID);
  if (end > before) senders.get(c.doc.clientID)!.edits.push({ t0, end, measured: measuring });
  else c.pendingAcks.pop();
}

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

let editing = true;
const loops = clients.map(async (c) => {
  await sleep(rnd.between(0, cfg.editEveryMs[1]));
  while (editing) {
    edit(c);
    await sleep(rnd.between(cfg.editEveryMs[0], cfg.editEveryMs[1]));
  }
});

await sleep(cfg.warmupMs);
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
measuring = true;
log("MEASURE_START");
await sleep(cfg.measureMs);
measuring = false;
const cpu = process.cpuUsage(cpu0);
const wall = performance.now() - wall0;
lag.disable();
log("MEASURE_END");
editing = false;
await Promise.all(loops);
await sleep(cfg.drainMs);

let expected = 0;
let edits = 0;
for (const s of senders.values()) {
  const n = s.edits.filter((e) => e.measured).length;
  edits += n;
  expected += n * (cfg.clients - 1);
}
const sorted = (a: number[]) => a.slice().sort((x, y) => x - y);
const pct = (a: number[], p: number) => (a.length ? a[Math.min(a.length - 1, Math.max(0, Math.ceil((p / 100) * a.length) - 1))]! : NaN);
const prop = sorted(propMs);
const ack = sorted(ackMs);
const generatorCpu = (cpu.user + cpu.system) / 1000 / wall;
const lagP99Ms = lag.percentile(99) / 1e6;
const result: GeneratorResult = {
  clients: cfg.clients,
  connectMs: Math.round(connectMs),
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
log(`RESULT ${JSON.stringify(result)}`);
for (const c of clients) c.conn.destroy();
await sleep(100);
process.exit(0);
