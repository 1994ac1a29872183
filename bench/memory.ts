import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import * as Y from "yjs";
import { documentNameOf } from "../lib/collab/protocol";
import { startCollab } from "../server/collab";
import { deriveWorkerHeap } from "../server/collab/derive-pool";
import { mintCollabToken } from "../server/collab/token";
import { freePort } from "../server/db/embedded";
import { createDraft } from "../server/services/drafts/create-draft";
import { EDITOR_USERS, Harness, runHarnessed } from "../scripts/durability/harness";
import { sleep, waitUntil } from "../scripts/durability/util";
import { contentOfSize } from "./content";

// Memory of the collab server across cycles of load (issue 10, "Memory"): does what a draft
// costs come back when its editors leave? The collab server runs IN this process (so the
// probe can count open documents and force a full GC); the clients run in their own
// process (bench/memory-clients.ts). Each cycle opens `drafts` drafts with `editors` editors
// each, edits for `seconds`, lets everyone leave, waits for every document to unload, then
// collects garbage and reads the heap. A leak shows as heap-after-GC growing cycle by cycle.
//
//   node --expose-gc --import tsx bench/memory.ts [--drafts 50] [--editors 3] [--seconds 20] [--cycles 5]

const { values: args } = parseArgs({
  options: {
    drafts: { type: "string", default: "50" },
    editors: { type: "string", default: "3" },
    seconds: { type: "string", default: "20" },
    cycles: { type: "string", default: "5" },
    size: { type: "string", default: "5000" },
    out: { type: "string" },
  },
});
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error("run with node --expose-gc --import tsx bench/memory.ts");
  process.exit(2);
}
const MB = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
const nDrafts = Number(args.drafts);

const h = new Harness({ name: "memory" });
await runHarnessed(h, 60 * 60, async () => {
  const owner = h.user("zhaolixin");
  const ids: string[] = [];
  for (let i = 0; i < nDrafts; i++) {
    const d = await createDraft({
      db: h.db, actor: owner, meta: {}, source: "blank",
      input: { title: `内存测试 ${i + 1}`, kind: "SPEECH", committeeId: h.draft.committeeId },
      content: contentOfSize(Number(args.size)) as never,
    });
    ids.push(d.id);
  }
  const server = createServer();
  const collab = await startCollab({ server });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  const hp = collab.hocuspocus;
  const reading = async () => {
    gc();
    gc();
    const m = process.memoryUsage();
    const w = await deriveWorkerHeap();
    return {
      rss: MB(m.rss), heapUsed: MB(m.heapUsed), heapTotal: MB(m.heapTotal), external: MB(m.external), arrayBuffers: MB(m.arrayBuffers),
      workerHeapUsed: w ? MB(w.used_heap_size) : 0, workerHeapTotal: w ? MB(w.total_heap_size) : 0, documents: hp.documents.size,
    };
  };
  const rows: Record<string, unknown>[] = [];
  const base = await reading();
  h.log(`before any draft is opened: ${JSON.stringify(base)}`);
  rows.push({ cycle: 0, ...base });
  for (let cycle = 1; cycle <= Number(args.cycles); cycle++) {
    const cfgFile = path.join(h.tmp, `clients-${cycle}.json`);
    writeFileSync(cfgFile, JSON.stringify({
      url: `ws://127.0.0.1:${port}/collab`,
      documents: ids.map((id) => ({
        name: documentNameOf(id),
        tokens: EDITOR_USERS.map((n) => {
          const u = h.user(n);
          return mintCollabToken({ userId: u.id, sessionVersion: u.sessionVersion, draftId: id });
        }),
      })),
      editors: Number(args.editors),
      seconds: Number(args.seconds),
      seed: cycle,
    }));
    let peakOpen = 0;
    let peakRss = 0;
    const child = spawn(process.execPath, ["--import", "tsx", "bench/memory-clients.ts", cfgFile], { stdio: ["pipe", "pipe", "inherit"] });
    const sampler = setInterval(() => {
      peakOpen = Math.max(peakOpen, hp.documents.size);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 250);
    let open: Awaited<ReturnType<typeof reading>> | null = null;
    let edited: Awaited<ReturnType<typeof reading>> | null = null;
    let stateMB = NaN;
    child.stdout.on("data", (c: Buffer) => {
      // Every draft open and its editors synced (the update guards' copies are made a turn
      // later): what the open drafts hold, after a full GC.
      if (c.toString().includes("SYNCED")) setTimeout(() => void reading().then((r) => (open = r)), 1_000);
      // Edited and still open: what the drafts hold now, and the size of their documents.
      if (c.toString().includes("EDITED")) {
        void reading().then((r) => {
          edited = r;
          let bytes = 0;
          for (const d of hp.documents.values()) bytes += Y.encodeStateAsUpdate(d).length;
          stateMB = MB(bytes);
          child.stdin!.write("go\n");
        });
      }
    });
    const code = await new Promise<number | null>((r) => child.on("exit", r));
    clearInterval(sampler);
    if (code !== 0) throw new Error(`clients exited ${code}`);
    const t0 = Date.now();
    const unloaded = await waitUntil(() => hp.documents.size === 0, 60_000, 50);
    const unloadS = (Date.now() - t0) / 1000;
    const after = await reading();
    const o = open as Awaited<ReturnType<typeof reading>> | null;
    const ed = edited as Awaited<ReturnType<typeof reading>> | null;
    h.log(`cycle ${cycle}: after editing, still open: heap used ${ed?.heapUsed} MB, RSS ${ed?.rss} MB; the open documents' encoded state ${stateMB} MB`);
    rows.push({ cycle, peakOpen, peakRss: MB(peakRss), heapEdited: ed?.heapUsed, stateMB, heapOpen: o?.heapUsed, perDraftMB: o ? Math.round(((o.heapUsed - after.heapUsed) / nDrafts) * 100) / 100 : NaN, unloaded, unloadS, ...after });
    h.log(`cycle ${cycle}: peak ${peakOpen} open, peak RSS ${MB(peakRss)} MB; all unloaded ${unloaded} after ${unloadS.toFixed(1)} s; after GC ${JSON.stringify(after)}`);
    await sleep(500);
  }
  console.log("\n| cycle | open (peak) | heap used, all open / per open draft | RSS peak | unloaded after | after GC: heap used / total, external, array buffers, derive worker heap used / total, RSS (MB) | documents |");
  console.log("|---|---|---|---|---|---|---|");
  for (const r of rows) {
    console.log(`| ${r.cycle} | ${r.peakOpen ?? "–"} | ${r.heapOpen ?? "–"} / ${r.perDraftMB ?? "–"} | ${r.peakRss ?? "–"} | ${r.unloadS !== undefined ? `${(r.unloadS as number).toFixed(1)} s` : "–"} | ${r.heapUsed} / ${r.heapTotal}, ${r.external}, ${r.arrayBuffers}, ${r.workerHeapUsed} / ${r.workerHeapTotal}, ${r.rss} | ${r.documents} |`);
  }
  // Where the resident memory is, by mapping (the largest anonymous regions apart).
  const maps = readFileSync("/proc/self/smaps", "utf8").split("\n");
  const regions: { name: string; rss: number }[] = [];
  let current = "";
  for (const line of maps) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) current = head[1] || "[anon]";
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) regions.push({ name: current, rss: Number(rss[1]) / 1024 });
  }
  const byName = new Map<string, { total: number; count: number; largest: number }>();
  for (const r of regions) {
    const e = byName.get(r.name) ?? { total: 0, count: 0, largest: 0 };
    e.total += r.rss;
    e.count++;
    e.largest = Math.max(e.largest, r.rss);
    byName.set(r.name, e);
  }
  console.log("\nresident memory by mapping (MB): " + [...byName].sort((a, b) => b[1].total - a[1].total).slice(0, 8).map(([n, e]) => `${n} ${e.total.toFixed(0)} (${e.count} regions, largest ${e.largest.toFixed(0)})`).join("; "));
  if (args.out) writeFileSync(args.out, JSON.stringify({ at: new Date().toISOString(), args, rows }, null, 2) + "\n");
  await collab.close();
  server.close();
  return true;
});
