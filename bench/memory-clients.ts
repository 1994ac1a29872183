import { readFileSync } from "node:fs";
import * as Y from "yjs";
import { newProvider } from "../scripts/durability/editing-client";
import { seededRandom, sleep, waitUntil } from "../scripts/durability/util";
import { HAN } from "./content";

// Clients for bench/memory.ts, in their own process: `editors` providers on each document,
// each inserting a few characters into a random paragraph every 250–750 ms for `seconds`,
// then every provider is destroyed and the process exits. Prints SYNCED and DONE.

interface Config {
  url: string;
  documents: { name: string; tokens: string[] }[];
  editors: number;
  seconds: number;
  seed: number;
}

const cfg = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as Config;
const rnd = seededRandom(cfg.seed);
const clients: { doc: Y.Doc; conn: ReturnType<typeof newProvider>; synced: boolean }[] = [];
for (const d of cfg.documents) {
  for (let i = 0; i < cfg.editors; i++) {
    const doc = new Y.Doc();
    const token = d.tokens[i % d.tokens.length]!;
    const conn = newProvider({ url: cfg.url, documentName: d.name, token: () => token, document: doc });
    const c = { doc, conn, synced: false };
    conn.provider.on("synced", () => (c.synced = true));
    clients.push(c);
  }
  await sleep(5);
}
if (!(await waitUntil(() => clients.every((c) => c.synced), 120_000, 20))) {
  console.log(`FAILED ${clients.filter((c) => c.synced).length}/${clients.length} synced`);
  process.exit(1);
}
console.log("SYNCED");

function edit(doc: Y.Doc) {
  const fragment = doc.getXmlFragment("default");
  const node = fragment.get(rnd.int(0, fragment.length));
  if (!(node instanceof Y.XmlElement) || node.nodeName !== "paragraph") return;
  const text = node.get(0);
  if (!(text instanceof Y.XmlText)) return;
  let s = "";
  for (let k = rnd.int(1, 5); k > 0; k--) s += HAN[rnd.int(0, HAN.length)];
  text.insert(rnd.int(0, text.length + 1), s);
}

const until = Date.now() + cfg.seconds * 1000;
await Promise.all(
  clients.map(async (c) => {
    await sleep(rnd.between(0, 750));
    while (Date.now() < until) {
      edit(c.doc);
      await sleep(rnd.between(250, 750));
    }
  }),
);
// Let the last acknowledgements come back before leaving.
await waitUntil(() => clients.every((c) => c.conn.provider.unsyncedChanges === 0), 20_000, 20);
// Still connected, everything acknowledged: the orchestrator reads the server now.
console.log("EDITED");
await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
for (const c of clients) c.conn.destroy();
await sleep(200);
console.log("DONE");
process.exit(0);
