import { parseArgs } from "node:util";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import * as Y from "yjs";
import { documentNameOf } from "../lib/collab/protocol";
import { mintCollabToken } from "../server/collab/token";
import { createDraft } from "../server/services/drafts/create-draft";
import { appendUpdate, compactFromState, loadDocState } from "../server/services/drafts/doc-store";
import { Harness, runHarnessed } from "../scripts/durability/harness";
import { newProvider } from "../scripts/durability/editing-client";
import { sleep } from "../scripts/durability/util";
import { contentOfTextLength, HAN } from "./content";

// `npm run bench:cold` (issue 10, "cold open"): how long someone waits for a draft nobody has
// open — from creating the provider (websocket, ticket, policy) to `synced`, with the document
// loaded from PostgreSQL by the portal (snapshot + log, folded, the update guard's mirror
// built). Each open is cold: the previous client has left and, with no edit made, the
// portal unloads the document at once. Scenarios (targets from the issue):
//   - a 20,000-character draft (p50 ≤ 150 ms);
//   - a 50,000-character draft with 20,000 updates of history in the log, before compaction
//     and after it (≤ 300 ms after).
//   npx tsx bench/cold-open.ts [--opens 15] [--updates 20000] [--out bench/results/cold-open.json]

const { values: args } = parseArgs({
  options: {
    opens: { type: "string", default: "15" },
    updates: { type: "string", default: "20000" },
    out: { type: "string", default: "bench/results/cold-open.json" },
  },
});
const OPENS = Number(args.opens);
const UPDATES = Number(args.updates);

const h = new Harness({ name: "cold-open" });

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

await runHarnessed(h, 15 * 60, async () => {
  const owner = h.user("zhaolixin");
  const create = async (title: string, chars: number) =>
    (
      await createDraft({
        db: h.db, actor: owner, meta: {}, source: "blank",
        input: { title, kind: "SPEECH", committeeId: h.draft.committeeId },
        content: contentOfTextLength(chars) as never,
      })
    ).id;

  /** One cold open: a fresh client until synced, ms. */
  const openOnce = async (draftId: string) => {
    const document = new Y.Doc();
    const started = performance.now();
    const client = newProvider({
      url: h.url,
      documentName: documentNameOf(draftId),
      token: () => mintCollabToken({ userId: owner.id, sessionVersion: owner.sessionVersion, draftId }),
      document,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("not synced in 30 s")), 30_000);
        client.provider.on("synced", () => {
          clearTimeout(timer);
          resolve();
        });
      });
      return performance.now() - started;
    } finally {
      client.destroy();
      document.destroy();
      await sleep(400); // the portal unloads an unchanged document when its last client leaves
    }
  };

  const measure = async (name: string, draftId: string) => {
    const { logLength } = await loadDocState({ db: h.db, draftId });
    const load1 = loadavg()[0]!;
    await openOnce(draftId); // not counted: the first open of a process warms its code paths
    const ms: number[] = [];
    for (let i = 0; i < OPENS; i++) ms.push(await openOnce(draftId));
    const r = { name, logRows: logLength, opens: OPENS, p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), max: Math.max(...ms), load1Before: load1 };
    h.log(`${name}: log rows ${logLength}; p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(1)} ms (load ${load1.toFixed(2)})`);
    return r;
  };

  const results = [];
  results.push(await measure("20,000 characters", await create("冷启动 2 万字", 20_000)));

  // 50,000 characters, then UPDATES small edits appended to its log as editors would make them.
  const big = await create("冷启动 5 万字", 50_000);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await loadDocState({ db: h.db, draftId: big })).state);
  const paragraphs = doc.getXmlFragment("default").toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === "paragraph");
  const pending: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => pending.push(u));
  const t0 = performance.now();
  for (let i = 0; i < UPDATES; i++) {
    const text = paragraphs[(i * 37) % paragraphs.length]!.get(0) as Y.XmlText;
    text.insert((i * 13) % Math.max(1, text.length), HAN[i % HAN.length]!);
    if (pending.length >= 64 || i === UPDATES - 1) await Promise.all(pending.splice(0).map((update) => appendUpdate({ db: h.db, draftId: big, update, userId: owner.id })));
  }
  h.log(`${UPDATES} updates appended in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  results.push(await measure(`50,000 characters + ${UPDATES} updates, before compaction`, big));
  const loaded = await loadDocState({ db: h.db, draftId: big });
  await compactFromState({ db: h.db, draftId: big, rowIds: loaded.rowIds, basedOn: loaded.snapshot, state: () => loaded.state });
  results.push(await measure(`50,000 characters + ${UPDATES} updates, after compaction`, big));

  mkdirSync("bench/results", { recursive: true });
  writeFileSync(args.out!, JSON.stringify({ at: new Date().toISOString(), opens: OPENS, results }, null, 2));
  console.log("\n| draft | log rows | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|");
  for (const r of results) console.log(`| ${r.name} | ${r.logRows} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.max.toFixed(1)} |`);
  return true;
});
