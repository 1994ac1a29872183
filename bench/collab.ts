import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as Y from "yjs";
import { documentNameOf } from "../lib/collab/protocol";
import { mintCollabToken } from "../server/collab/token";
import { freePort } from "../server/db/embedded";
import { createDraft } from "../server/services/drafts/create-draft";
import { loadDocState } from "../server/services/drafts/doc-store";
import { EDITOR_USERS, Harness, runHarnessed } from "../scripts/durability/harness";
import { PortalProcess } from "../scripts/durability/portal-process";
import { contentOfSize } from "./content";
import { cpuMsOf, machineBusy } from "./machine";
import type { GeneratorConfig, GeneratorResult, Percentiles } from "./generator";

// `npm run bench` / `npm run bench:quick` (issue 10): co-editing through the real path — the
// portal (server/main.ts, collab only) as a child process with embedded PostgreSQL,
// signed-in users' tickets, the policy, the update guard, the durable log, the derived
// outline — against bare Hocuspocus 4.7 in memory seeded with the same document state at
// that moment (bench/bare-server.ts). The load generator is its own process
// (bench/generator.ts). Runs are A/B interleaved (the order alternates per repetition) and
// every figure is also given as a ratio to the baseline of the same run, because the
// machine is shared and noisy. Medians over repetitions.
//
// Scenarios (`--only a,b,…`; names as below):
//   <N>x<doc>            one draft (small ≈ 5k, 55k, 150k characters of XML), N editors (200 and
//                        300: light clients, bench/light-client.ts)
//   review-500/50        one 6k draft, 500 connected, 50 editing, 10 joins during the window; the 450
//                        watchers are protocol-level clients (bench/light-client.ts), the editors and joins providers
//   100-cursors          100 editors on 55k, each with a caret in its awareness state
//   drafts-200x5         200 drafts of ≈ 4k × 5 editors each; RSS per open draft, and after unload
//   reconnect-storm-200  200 clients synced on a 55k draft; the server restarted on the same port
//   soak                 drafts-200x5 for --soak-min minutes, portal then bare (full run: 10)
// Quick mode (< 3 min) runs the first four one-draft scenarios and reconnect-storm-50; small
// versions of the others can be picked with --only (review-100/10, drafts-20x5).
//
//   npx tsx bench/collab.ts [--quick] [--reps 3] [--measure-s 12] [--only 50x55k,review-500/50]
//                           [--soak-min 10] [--light-from 200] [--portal-cwd <checkout>]
//                           [--compare-cwd <checkout>] [--out bench/results/latest.json]
//
// --light-from N: one-draft scenarios with N or more editors use light clients (full Yjs
// providers saturate the generator from about 100–150 editors: such runs are GEN-BOUND).
// --portal-cwd runs the portal from another checkout (e.g. the commit before a change).
// --compare-cwd adds a third system to every scenario: a second portal, from that checkout,
// on the same database, interleaved with the other two ("before"), so before/after figures
// come from the same run on the same machine.
// --portal-node-options="--cpu-prof --cpu-prof-dir=/tmp/prof": NODE_OPTIONS of the portal.
// --no-bare: the portal (and "before") only; no ratios.

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    reps: { type: "string" },
    "measure-s": { type: "string" },
    only: { type: "string" },
    "soak-min": { type: "string" },
    /** One-draft scenarios with at least this many editors use light clients (default 200). */
    "light-from": { type: "string" },
    "portal-cwd": { type: "string" },
    "compare-cwd": { type: "string" },
    "portal-node-options": { type: "string" },
    /** Leave bare out (a rerun of the portal's side only, e.g. of the 10-minute soak). */
    "no-bare": { type: "boolean", default: false },
    out: { type: "string", default: "bench/results/latest.json" },
    label: { type: "string", default: "" },
    verbose: { type: "boolean", default: false },
  },
});

const QUICK = args.quick;
const reps = Number(args.reps ?? (QUICK ? 1 : 3));
const measureMs = Number(args["measure-s"] ?? (QUICK ? 8 : 15)) * 1000;
const soakMin = Number(args["soak-min"] ?? (QUICK ? 0 : 10));
const lightFrom = Number(args["light-from"] ?? 200);
/** After the clients of a many-drafts run left: the portal stores (2 s debounce, 10 s at most) then unloads. */
const UNLOAD_WAIT_MS = 15_000;
const RSS_EVERY_MS = 30_000;
/**
 * Storm: the server stays down this long whatever its own stop and start take, so that every
 * client is at the same (capped, jittered) reconnect back-off when it comes back, for the portal
 * and for bare alike (a portal restart takes ~1.5 s, bare ~0.3 s: without this, bare's clients
 * would still be retrying fast while the portal's had backed off to the 1 s cap).
 */
const STORM_DOWN_MS = 3_000;
const DOCS = { small: 5_000, "6k": 6_000, "55k": 55_000, "150k": 150_000, "4k": 4_000 } as const;
type DocSize = keyof typeof DOCS;
type System = "portal" | "before" | "bare";
type Kind = "edit" | "drafts" | "storm" | "soak";
interface Scenario {
  name: string;
  kind: Kind;
  doc: DocSize;
  /** Drafts (documents) of the scenario. */
  drafts: number;
  /** Connected clients per draft. */
  clients: number;
  /** Of which editing. */
  editors: number;
  joins?: number;
  cursors?: boolean;
  /**
   * Protocol-level clients (bench/light-client.ts) instead of providers whose Y.Doc integrates
   * every update — for the watchers, or for every client — where hundreds of providers in one
   * generator process would saturate it (and so measure it rather than the server).
   */
  light?: "watchers" | "all";
  /** Drafts shared with another scenario (the soak runs on drafts-200x5's). */
  pool?: string;
}
const one = (editors: number, doc: DocSize): Scenario => ({
  name: `${editors}x${doc}`, kind: "edit", doc, drafts: 1, clients: editors, editors,
  // 200 and 300 providers would saturate the generator (each integrates every other's edits).
  ...(editors >= lightFrom ? { light: "all" as const } : {}),
});
const review = (clients: number, editors: number, joins: number): Scenario => ({ name: `review-${clients}/${editors}`, kind: "edit", doc: "6k", drafts: 1, clients, editors, joins, light: "watchers" });
// A thousand providers in one generator each integrate their draft's edits (and, over a soak,
// hold a thousand growing documents): the generator's GC then shows up as the server's tail.
const many = (drafts: number, editors: number): Scenario => ({ name: `drafts-${drafts}x${editors}`, kind: "drafts", doc: "4k", drafts, clients: editors, editors, light: "all" });
const storm = (clients: number, doc: DocSize): Scenario => ({ name: `reconnect-storm-${clients}`, kind: "storm", doc, drafts: 1, clients, editors: 0 });
const cursors: Scenario = { name: "100-cursors", kind: "edit", doc: "55k", drafts: 1, clients: 100, editors: 100, cursors: true };
const soak: Scenario = { name: "soak", kind: "soak", doc: "4k", drafts: 200, clients: 5, editors: 5, pool: "drafts-200x5", light: "all" };

const quickList = [one(10, "small"), one(50, "small"), one(10, "55k"), one(50, "55k"), storm(50, "55k")];
const fullList = [
  one(10, "small"), one(50, "small"), one(10, "55k"), one(50, "55k"), one(100, "55k"), one(150, "55k"), one(200, "55k"), one(300, "55k"),
  one(100, "150k"), one(150, "150k"),
  review(500, 50, 10), cursors, many(200, 5), storm(200, "55k"),
  ...(soakMin > 0 ? [soak] : []),
];
const smallVersions = [review(100, 10, 5), many(20, 5), storm(50, "55k")];
const known = new Map([...quickList, ...fullList, ...smallVersions, soak].map((s) => [s.name, s]));
let scenarios: Scenario[];
if (args.only) {
  const names = args.only.split(",").map((s) => s.trim());
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) {
    console.error(`--only: unknown scenario ${unknown.join(", ")}; known: ${[...known.keys()].join(", ")}`);
    process.exit(2);
  }
  scenarios = names.map((n) => known.get(n)!);
  if (scenarios.some((s) => s.kind === "soak") && soakMin <= 0) {
    console.error("soak: give --soak-min <minutes> (0 in quick mode)");
    process.exit(2);
  }
} else scenarios = QUICK ? quickList : fullList;

function xmlLength(state: Uint8Array) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const n = doc.getXmlFragment("default").toString().length;
  doc.destroy();
  return n;
}

/** The postmaster and its children (backends, writer, WAL writer …). */
function postgresPids(h: Harness): number[] {
  let pm: number;
  try {
    pm = Number.parseInt(readFileSync(path.join(h.tmp, "pg", "postgres", "postmaster.pid"), "utf8").split("\n")[0]!, 10);
  } catch {
    return [];
  }
  const pids = [pm];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pm) pids.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return pids;
}

/** Share of the last 10 s in which every task waited for I/O (PSI "full avg10"), or NaN. */
function ioPressure(): number {
  try {
    const line = readFileSync("/proc/pressure/io", "utf8").split("\n").find((l) => l.startsWith("full"));
    return Number(/avg10=([\d.]+)/.exec(line ?? "")?.[1] ?? NaN) / 100;
  } catch {
    return NaN;
  }
}

/** Resident memory of a process (VmRSS), MB; NaN when gone or unknown. */
function rssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

interface RunFigures extends GeneratorResult {
  scenario: string;
  rep: number;
  system: System;
  serverCpu: number;
  /** The portal's event-loop delay over the window, ms (NaN for bare and storms). */
  serverLoopP99: number;
  serverLoopMax: number;
  dbCpu: number;
  machineBusyBefore: number;
  ioPressureBefore: number;
  load1Before: number;
  xmlChars: number;
  /**
   * Server RSS (MB): before the generator started (no draft of the scenario open), once every
   * client had synced (all open, nothing edited yet), at the end of the measured window, and
   * UNLOAD_WAIT_MS after the clients left (the drafts unloaded).
   */
  rssBefore: number;
  rssSynced: number;
  rssEnd: number;
  rssAfterUnload: number;
  /** (RSS once synced − before) ÷ drafts, MB: what an open draft costs (with its clients' connections). */
  rssPerDraft: number;
  /** Every RSS_EVERY_MS of the measured window: seconds since its start, MB. */
  rssSamples: { tS: number; mb: number }[];
  /** Lines the portal wrote to stderr during this run (errors, warnings; 0 for bare). */
  portalStderr: number;
  /** Storm: from the generator's STORM_READY to the server accepting connections again (STORM_DOWN_MS at least). */
  restartMs?: number;
}

interface GeneratorHooks {
  serverPid: () => number | undefined;
  dbPids: () => number[];
  /** Storm: restart the server; resolves with the Date.now() at which it accepts connections again. */
  restart?: () => Promise<number>;
  /** The portal's event-loop delay over the window (BENCH_LOOP_STATS=1, server/ops/loop-stats.ts). */
  loopStats?: { open(): void; close(): Promise<LoopStats | null> };
  verbose: boolean;
}

interface LoopStats {
  p50: number;
  p99: number;
  max: number;
}

/** Opens and closes a window of the portal's loop statistics through SIGUSR2 and its output. */
function loopStatsOf(proc: PortalProcess) {
  const signal = () => {
    try {
      if (proc.pid) process.kill(proc.pid, "SIGUSR2");
    } catch {
      /* gone */
    }
  };
  return {
    open: signal,
    async close(): Promise<LoopStats | null> {
      const last = () => [...proc.lines].reverse().find((l) => l.includes("LOOP_STATS "));
      const before = last();
      signal();
      for (let i = 0; i < 40; i++) {
        await sleep(25);
        const line = last();
        if (line && line !== before) {
          try {
            return JSON.parse(line.slice(line.indexOf("LOOP_STATS ") + 11)) as LoopStats;
          } catch {
            return null;
          }
        }
      }
      return null;
    },
  };
}

interface GeneratorRun {
  result: GeneratorResult;
  serverCpu: number;
  dbCpu: number;
  rssBefore: number;
  rssSynced: number;
  rssEnd: number;
  rssSamples: { tS: number; mb: number }[];
  restartMs?: number;
  serverLoop: LoopStats | null;
}

function runGenerator(h: Harness, cfg: GeneratorConfig, hooks: GeneratorHooks) {
  const file = path.join(h.tmp, `gen-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(cfg));
  return new Promise<GeneratorRun>((resolve, reject) => {
    const rssBefore = rssMb(hooks.serverPid());
    const child = spawn(process.execPath, ["--import", "tsx", "bench/generator.ts", file], { stdio: ["pipe", "pipe", "pipe"] });
    h.track({ destroy: () => child.kill("SIGKILL") });
    let s0 = 0;
    let d0 = new Map<number, number>();
    let t0 = 0;
    let serverCpu = NaN;
    let dbCpu = NaN;
    let rssEnd = NaN;
    let rssSynced = NaN;
    let restartMs: number | undefined;
    let serverLoop: Promise<LoopStats | null> = Promise.resolve(null);
    const rssSamples: { tS: number; mb: number }[] = [];
    let sampler: NodeJS.Timeout | undefined;
    let result: GeneratorResult | null = null;
    let failure: Error | null = null;
    let partial = "";
    child.stdout.on("data", (chunk: Buffer) => {
      partial += chunk.toString();
      const lines = partial.split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        if (line === "SYNCED") {
          rssSynced = rssMb(hooks.serverPid());
        } else if (line === "MEASURE_START") {
          d0 = new Map(hooks.dbPids().map((p) => [p, cpuMsOf(p)]));
          s0 = cpuMsOf(hooks.serverPid() ?? 0);
          t0 = performance.now();
          hooks.loopStats?.open();
          sampler = setInterval(() => rssSamples.push({ tS: Math.round((performance.now() - t0) / 1000), mb: rssMb(hooks.serverPid()) }), RSS_EVERY_MS);
        } else if (line === "MEASURE_END") {
          clearInterval(sampler);
          const wall = performance.now() - t0;
          serverCpu = (cpuMsOf(hooks.serverPid() ?? 0) - s0) / wall;
          // Per process alive at the end (backends come and go: one that exited takes its CPU along).
          const pids = hooks.dbPids();
          dbCpu = pids.reduce((k, p) => k + cpuMsOf(p) - (d0.get(p) ?? 0), 0) / wall;
          rssEnd = rssMb(hooks.serverPid());
          if (hooks.loopStats) serverLoop = hooks.loopStats.close();
        } else if (line === "STORM_READY") {
          if (!hooks.restart) {
            failure = new Error("generator is in storm mode but the bench has no restart");
            child.kill("SIGKILL");
            continue;
          }
          const started = Date.now();
          hooks.restart().then(
            (readyAt) => {
              restartMs = readyAt - started;
              child.stdin.write(`RESTARTED ${readyAt}\n`);
            },
            (e: Error) => {
              failure = e;
              child.kill("SIGKILL");
            },
          );
        } else if (line.startsWith("RESULT ")) {
          const r = JSON.parse(line.slice(7)) as GeneratorResult & { error?: string };
          if (r.error) failure = new Error(r.error);
          else result = r;
        } else if (hooks.verbose) console.log(`  gen| ${line}`);
      }
    });
    child.stderr.on("data", (c: Buffer) => hooks.verbose && process.stderr.write(c));
    child.stdin.on("error", () => {}); // the generator may exit before reading
    child.on("exit", (code) => {
      clearInterval(sampler);
      const r = result;
      if (r) void serverLoop.then((loop) => resolve({ result: r, serverCpu, dbCpu, rssBefore, rssSynced, rssEnd, rssSamples, restartMs, serverLoop: loop }));
      else reject(failure ?? new Error(`generator exited ${code} without a result`));
    });
  });
}

async function startBare(h: Harness, state: Uint8Array, port?: number) {
  port ??= await freePort();
  const file = path.join(h.tmp, `bare-state-${port}.bin`);
  writeFileSync(file, state);
  const child = spawn(process.execPath, ["--import", "tsx", "bench/bare-server.ts", String(port), file], { stdio: ["ignore", "pipe", "inherit"], detached: true });
  // Its own process group (Ctrl-C does not reach it): the harness's cleanup ends it.
  h.track({ destroy: () => child.kill("SIGKILL") });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("bare server not ready in 30 s")), 30_000);
    child.stdout!.on("data", (c: Buffer) => {
      if (c.toString().includes("BARE_READY")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`bare server exited ${code}`)));
  });
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    pid: child.pid,
    stop: () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null || child.signalCode !== null) return r();
        child.once("exit", () => r());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3_000).unref();
      }),
  };
}

const median = (xs: (number | null | undefined)[]) => {
  const s = xs.filter((x): x is number => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const sleep = (ms: number) => new Promise((res) => setTimeout(res, Math.max(0, ms)));

const h = new Harness({ name: "bench", verbose: args.verbose, portalCwd: args["portal-cwd"], portalEnv: { BENCH_LOOP_STATS: "1", ...(args["portal-node-options"] ? { NODE_OPTIONS: args["portal-node-options"] } : {}) } });
// This process writes to the database too (createDraft records audit events): its DATA_DIR (the
// audit checkpoint) is the run's, not the checkout's .data, which holds another database's chain.
process.env.DATA_DIR = path.join(h.tmp, "bench-data");
const soakMs = soakMin * 60_000;
const budgetS = QUICK && !args["compare-cwd"] && !args.only ? 175 : 3 * 60 * 60;

await runHarnessed(h, budgetS, async () => {
  const started = Date.now();
  const owner = h.user("zhaolixin");
  // Every scenario edits its own drafts (drafts grow during a run; a shared draft would
  // hand the next scenario a bigger document than its name says).
  const pools = new Map<string, string[]>();
  for (const sc of scenarios) {
    const key = sc.pool ?? sc.name;
    if (pools.has(key)) continue;
    const ids: string[] = [];
    const content = contentOfSize(DOCS[sc.doc]) as never;
    for (let i = 0; i < sc.drafts; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, sc.drafts - i) }, (_, k) =>
          createDraft({
            db: h.db, actor: owner, meta: {}, source: "blank",
            input: { title: `基准测试 ${key} ${i + k + 1}`, kind: "SPEECH", committeeId: h.draft.committeeId },
            content,
          }),
        ),
      );
      ids.push(...batch.map((d) => d.id));
    }
    pools.set(key, ids);
  }
  h.log(`drafts created: ${[...pools].map(([k, v]) => `${k} ${v.length}`).join(", ")} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  let before: PortalProcess | null = null;
  let beforePort = 0;
  if (args["compare-cwd"]) {
    beforePort = await freePort();
    mkdirSync(path.join(h.tmp, "logs-before"), { recursive: true });
    before = new PortalProcess({
      cwd: args["compare-cwd"],
      port: beforePort,
      name: "before",
      logDir: path.join(h.tmp, "logs-before"),
      // The portal's own environment (loop statistics included: the bench reads them with
      // SIGUSR2, which ends a process without a handler), with a data folder of its own.
      env: h.portalEnv({ DATA_DIR: path.join(h.tmp, "app-before") }),
      onLine: (line, gen) => {
        if (line.startsWith("! ") && line.trim() !== "!") console.error(`  before#${gen}| ${line.slice(2)}`);
        if (line.startsWith("[portal #")) console.error(`  before#${gen}| ${line}`); // an exit
      },
    });
    h.track({ destroy: () => before?.killSync() });
    await before.start();
    h.log(`second portal ("before", ${args["compare-cwd"]}) on port ${beforePort}`);
  }
  const allSystems: System[] = ["portal", ...(before ? (["before"] as const) : []), ...(args["no-bare"] ? [] : (["bare"] as const))];
  const runs: RunFigures[] = [];
  const n = (x: number | null | undefined, d = 1) => (typeof x === "number" && Number.isFinite(x) ? x.toFixed(d) : "–");

  for (const sc of scenarios) {
    const draftIds = pools.get(sc.pool ?? sc.name)!;
    // The soak runs once per system (portal, then bare: the same load, the same minutes).
    const systems: System[] = sc.kind === "soak" ? allSystems.filter((x) => x !== "before") : allSystems;
    const scReps = sc.kind === "soak" ? 1 : reps;
    const scMeasureMs = sc.kind === "soak" ? soakMs : measureMs;
    for (let rep = 0; rep < scReps; rep++) {
      const order = rep % 2 === 0 ? systems : [...systems].reverse();
      for (const system of order) {
        // The bare server serves every document from the state of the (first) portal draft now.
        const state = (await loadDocState({ db: h.db, draftId: draftIds[0]! })).state;
        const xmlChars = xmlLength(state);
        const machineBusyBefore = await machineBusy(700);
        const load1Before = loadavg()[0]!;
        const ioPressureBefore = ioPressure();
        const base: Omit<GeneratorConfig, "url" | "documents"> = {
          clients: sc.clients * sc.drafts,
          editors: sc.editors * sc.drafts,
          joins: sc.joins,
          cursors: sc.cursors,
          light: sc.light,
          bucketMs: sc.kind === "soak" ? 60_000 : undefined,
          storm: sc.kind === "storm" ? { timeoutMs: 120_000 } : undefined,
          warmupMs: 2_000,
          measureMs: scMeasureMs,
          drainMs: 2_500,
          editEveryMs: [250, 750],
          seed: 1000 + rep,
          connectTimeoutMs: 120_000,
        };
        let figures: GeneratorRun;
        let rssAfterUnload = NaN;
        const stderrBefore = h.portalErrors.length;
        if (system !== "bare") {
          // Tickets live 5 minutes from `now`: a soak's must outlive it (reconnects ask again).
          const now = Date.now() + (sc.kind === "soak" ? scMeasureMs + 120_000 : 0);
          const documents = draftIds.map((draftId) => ({
            name: documentNameOf(draftId),
            tokens: EDITOR_USERS.map((name) => {
              const u = h.user(name);
              return mintCollabToken({ userId: u.id, sessionVersion: u.sessionVersion, draftId, now });
            }),
          }));
          const proc = system === "portal" ? h.portal : before!;
          const url = system === "portal" ? h.url : h.url.replace(`:${h.port}/`, `:${beforePort}/`);
          figures = await runGenerator(h, { ...base, url, documents }, {
            serverPid: () => proc.pid,
            dbPids: () => postgresPids(h),
            loopStats: sc.kind === "storm" ? undefined : loopStatsOf(proc),
            verbose: !!args.verbose,
            restart: async () => {
              const down = Date.now();
              await proc.stop();
              await sleep(down + STORM_DOWN_MS - Date.now());
              await proc.start();
              return Date.now();
            },
          });
          if (sc.kind === "drafts" || sc.kind === "soak") {
            await sleep(UNLOAD_WAIT_MS);
            rssAfterUnload = rssMb(proc.pid);
          }
        } else {
          let bare = await startBare(h, state);
          try {
            const documents = draftIds.map((draftId) => ({ name: documentNameOf(draftId), tokens: ["bare"] }));
            figures = await runGenerator(h, { ...base, url: bare.url, documents }, {
              serverPid: () => bare.pid,
              dbPids: () => [],
              verbose: !!args.verbose,
              restart: async () => {
                const down = Date.now();
                await bare.stop();
                await sleep(down + STORM_DOWN_MS - Date.now());
                bare = await startBare(h, state, bare.port);
                return Date.now();
              },
            });
            if (sc.kind === "drafts" || sc.kind === "soak") {
              await sleep(UNLOAD_WAIT_MS);
              rssAfterUnload = rssMb(bare.pid);
            }
          } finally {
            await bare.stop();
          }
        }
        const r: RunFigures = {
          scenario: sc.name, rep, system, ...figures.result, serverCpu: figures.serverCpu, dbCpu: figures.dbCpu,
          machineBusyBefore, ioPressureBefore, load1Before, xmlChars,
          rssBefore: figures.rssBefore, rssSynced: figures.rssSynced, rssEnd: figures.rssEnd, rssAfterUnload,
          rssPerDraft: (figures.rssSynced - figures.rssBefore) / sc.drafts,
          rssSamples: figures.rssSamples, restartMs: figures.restartMs, portalStderr: h.portalErrors.length - stderrBefore,
          serverLoopP99: figures.serverLoop?.p99 ?? NaN, serverLoopMax: figures.serverLoop?.max ?? NaN,
        };
        runs.push(r);
        // JSON turns the NaN of an empty sample into null.
        let line = `${sc.name} rep ${rep + 1} ${system.padEnd(6)} xml ${xmlChars} busy ${(machineBusyBefore * 100).toFixed(0)}% io-stall ${n(ioPressureBefore * 100, 0)}%: `;
        if (r.storm) {
          const s = r.storm;
          line += `down ${r.restartMs} ms, resynced ${s.resynced}/${s.clients} (flaps ${s.flaps}), ready→synced p50 ${n(s.sinceReady.p50, 0)} p95 ${n(s.sinceReady.p95, 0)} max ${n(s.sinceReady.max, 0)} ms, open→synced p50 ${n(s.sinceOpen.p50, 0)} p95 ${n(s.sinceOpen.p95, 0)} ms`;
        } else {
          line +=
            `prop p50 ${n(r.prop.p50)} p99 ${n(r.prop.p99)} max ${n(r.prop.max, 0)} ms, ack p99 ${n(r.ack.p99)} ms, ` +
            `undelivered ${r.undelivered}, disconnects ${r.disconnects}`;
          if (r.joins) line += `, joins ${r.joins.n} p50 ${n(r.joins.p50)} p95 ${n(r.joins.p95)} ms (failed ${r.joins.failed})`;
          if (r.awareness) line += `, caret p50 ${n(r.awareness.p50)} p99 ${n(r.awareness.p99)} ms (undelivered ${r.awareness.undelivered}/${r.awareness.sets})`;
        }
        line += `, RSS ${n(r.rssBefore, 0)} → ${n(r.rssSynced, 0)} synced → ${n(r.rssEnd, 0)}${Number.isFinite(rssAfterUnload) ? ` → ${n(rssAfterUnload, 0)} after unload` : ""} MB`;
        if (r.portalStderr) line += `, portal stderr ${r.portalStderr} lines`;
        line += `, server cpu ${n(r.serverCpu * 100, 0)}%, gen cpu ${(r.generatorCpu * 100).toFixed(0)}%${r.generatorBound ? " GENERATOR-BOUND" : ""}`;
        h.log(line);
        if (r.buckets) for (const b of r.buckets) h.log(`  soak minute ${b.startS / 60 + 1}: p50 ${n(b.p50)} p99 ${n(b.p99)} ms (${b.n} deliveries)`);
        await sleep(500);
      }
    }
  }

  // Medians per scenario and system, and the ratios to the baseline.
  const pick = (sc: Scenario, system: System) => {
    const rs = runs.filter((r) => r.scenario === sc.name && r.system === system);
    if (!rs.length) return null;
    const m = (f: (r: RunFigures) => number | undefined) => median(rs.map(f));
    const pctOf = (f: (r: RunFigures) => Percentiles | undefined) => ({ p50: m((r) => f(r)?.p50), p95: m((r) => f(r)?.p95), p99: m((r) => f(r)?.p99), max: m((r) => f(r)?.max) });
    return {
      runs: rs.length,
      xmlChars: m((r) => r.xmlChars),
      propP50: m((r) => r.prop.p50),
      propP95: m((r) => r.prop.p95),
      propP99: m((r) => r.prop.p99),
      propMax: m((r) => r.prop.max),
      ackP50: m((r) => r.ack.p50),
      ackP99: m((r) => r.ack.p99),
      edits: m((r) => r.edits),
      undelivered: rs.reduce((k, r) => k + r.undelivered, 0),
      disconnects: rs.reduce((k, r) => k + r.disconnects, 0),
      serverCpu: m((r) => r.serverCpu),
      serverLoopP99: m((r) => r.serverLoopP99),
      serverLoopMax: m((r) => r.serverLoopMax),
      dbCpu: m((r) => r.dbCpu),
      generatorCpu: m((r) => r.generatorCpu),
      generatorLagP99: m((r) => r.lagP99Ms),
      generatorBound: rs.some((r) => r.generatorBound),
      machineBusyBefore: m((r) => r.machineBusyBefore),
      ioPressureBefore: m((r) => r.ioPressureBefore),
      rssBefore: m((r) => r.rssBefore),
      rssSynced: m((r) => r.rssSynced),
      rssEnd: m((r) => r.rssEnd),
      rssAfterUnload: m((r) => r.rssAfterUnload),
      rssPerDraft: m((r) => r.rssPerDraft),
      ...(sc.joins ? { joins: { ...pctOf((r) => r.joins), failed: rs.reduce((k, r) => k + (r.joins?.failed ?? 0), 0) } } : {}),
      ...(sc.cursors ? { caret: { ...pctOf((r) => r.awareness), sets: m((r) => r.awareness?.sets), undelivered: rs.reduce((k, r) => k + (r.awareness?.undelivered ?? 0), 0) } } : {}),
      ...(sc.kind === "storm"
        ? {
            storm: {
              clients: sc.clients,
              allResynced: rs.every((r) => r.storm?.resynced === r.storm?.clients),
              resyncedMin: Math.min(...rs.map((r) => r.storm?.resynced ?? 0)),
              flaps: rs.reduce((k, r) => k + (r.storm?.flaps ?? 0), 0),
              restartMs: m((r) => r.restartMs),
              sinceReady: pctOf((r) => r.storm?.sinceReady),
              sinceOpen: pctOf((r) => r.storm?.sinceOpen),
            },
          }
        : {}),
    };
  };
  type Picked = NonNullable<ReturnType<typeof pick>>;
  const ratio = (a: number | undefined, b: number | undefined) => (a ?? NaN) / (b ?? NaN);
  const ratioOf = (p: Picked, bare: Picked) => ({
    propP50: ratio(p.propP50, bare.propP50),
    propP99: ratio(p.propP99, bare.propP99),
    ackP99: ratio(p.ackP99, bare.ackP99),
    joinP50: ratio(p.joins?.p50, bare.joins?.p50),
    joinP95: ratio(p.joins?.p95, bare.joins?.p95),
    caretP50: ratio(p.caret?.p50, bare.caret?.p50),
    caretP99: ratio(p.caret?.p99, bare.caret?.p99),
    rssPerDraft: ratio(p.rssPerDraft, bare.rssPerDraft),
    stormP50: ratio(p.storm?.sinceReady.p50, bare.storm?.sinceReady.p50),
    stormP95: ratio(p.storm?.sinceReady.p95, bare.storm?.sinceReady.p95),
    stormOpenP95: ratio(p.storm?.sinceOpen.p95, bare.storm?.sinceOpen.p95),
  });

  /** Least-squares slope of (minutes, MB), from minute 1 on (the first minute is warm-up). */
  const slopeMbPerMin = (samples: { tS: number; mb: number }[]) => {
    const pts = samples.filter((s) => s.tS >= 60 && Number.isFinite(s.mb)).map((s) => [s.tS / 60, s.mb] as const);
    if (pts.length < 2) return NaN;
    const mx = pts.reduce((a, p) => a + p[0], 0) / pts.length;
    const my = pts.reduce((a, p) => a + p[1], 0) / pts.length;
    const sxy = pts.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0);
    const sxx = pts.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
    return sxy / sxx;
  };

  const summary = scenarios.map((sc) => {
    const portal = pick(sc, "portal")!;
    const bare = pick(sc, "bare");
    const prior = before ? pick(sc, "before") : null;
    const soakOf = (system: System) => {
      const run = sc.kind === "soak" ? runs.find((r) => r.scenario === sc.name && r.system === system) : undefined;
      return run
        ? {
            minutes: soakMin,
            rssSamples: run.rssSamples,
            rssBefore: run.rssBefore,
            rssSynced: run.rssSynced,
            rssMinute1: run.rssSamples.find((s) => s.tS >= 60)?.mb ?? NaN,
            rssEnd: run.rssEnd,
            rssAfterUnload: run.rssAfterUnload,
            slopeMbPerMin: slopeMbPerMin(run.rssSamples),
            perMinute: run.buckets ?? [],
          }
        : undefined;
    };
    const soakRun = soakOf("portal");
    const bareSoak = soakOf("bare");
    return {
      scenario: sc.name,
      kind: sc.kind,
      drafts: sc.drafts,
      clients: sc.clients * sc.drafts,
      editors: sc.editors * sc.drafts,
      joins: sc.joins ?? 0,
      cursors: !!sc.cursors,
      light: sc.light ?? "none",
      portal,
      bare,
      ratio: bare ? ratioOf(portal, bare) : null,
      ...(prior && bare ? { before: prior, beforeRatio: ratioOf(prior, bare) } : {}),
      ...(soakRun ? { soak: soakRun, bareSoak } : {}),
    };
  });

  // Targets of the issue, checked against this run.
  const targets: { scenario: string; target: string; value: string; met: boolean }[] = [];
  const check = (scenario: string, target: string, value: number, met: boolean, d = 2) => targets.push({ scenario, target, value: n(value, d), met });
  for (const s of summary) {
    const p = s.portal;
    const r = s.ratio;
    if (s.kind === "edit" && !s.joins && !s.cursors && s.editors <= 150) {
      check(s.scenario, "propagation p99 ≤ 1.5 × bare", r?.propP99 ?? NaN, (r?.propP99 ?? Infinity) <= 1.5);
      check(s.scenario, "durable ack p99 ≤ 15 ms", p.ackP99, p.ackP99 <= 15, 1);
      check(s.scenario, "0 undelivered, 0 disconnects", p.undelivered + p.disconnects, p.undelivered + p.disconnects === 0, 0);
    } else if (s.kind === "edit" && !s.joins && !s.cursors) {
      check(s.scenario, "every edit delivered", p.undelivered, p.undelivered === 0, 0);
      check(s.scenario, "propagation p99 ≤ 250 ms (generator not the bottleneck)", p.propP99, p.propP99 <= 250 && !p.generatorBound && !s.bare?.generatorBound, 1);
    } else if (s.joins) {
      check(s.scenario, "propagation p99 ≤ 1.2 × bare", r?.propP99 ?? NaN, (r?.propP99 ?? Infinity) <= 1.2);
      check(s.scenario, "join p50 ≤ 1.5 × bare", r?.joinP50 ?? NaN, (r?.joinP50 ?? Infinity) <= 1.5);
    } else if (s.kind === "drafts") {
      check(s.scenario, "propagation p99 ≤ 1.2 × bare", r?.propP99 ?? NaN, (r?.propP99 ?? Infinity) <= 1.2);
    } else if (s.kind === "storm") {
      check(s.scenario, "all resynced", p.storm?.resyncedMin ?? NaN, !!p.storm?.allResynced, 0);
      check(s.scenario, "ready→synced p95 ≤ 2 × bare", r?.stormP95 ?? NaN, (r?.stormP95 ?? Infinity) <= 2);
    } else if (s.soak) {
      const growth = s.soak.rssEnd - s.soak.rssMinute1;
      check(s.scenario, "no RSS growth over the soak (end − minute 1 ≤ 5%)", growth, growth <= 0.05 * s.soak.rssMinute1, 0);
      check(s.scenario, "propagation p99 ≤ 1.2 × bare over the soak", r?.propP99 ?? NaN, (r?.propP99 ?? Infinity) <= 1.2);
    }
  }

  // Tables.
  const f = n;
  const both = (p: Picked, b: Picked | null, get: (x: Picked) => number | undefined, d = 1) => `${f(get(p), d)} · ${b ? f(get(b), d) : "–"}`;
  console.log(`\nbench ${QUICK ? "quick" : "full"}${args.label ? ` (${args.label})` : ""}: ${reps} rep(s), ${measureMs / 1000} s measured per run, medians; ms; ratio = portal / bare\n`);
  const editing = summary.filter((s) => s.kind === "edit" || s.kind === "drafts");
  if (editing.length) {
    console.log("| scenario | clients / editors / drafts | xml chars | portal p50 / p95 / p99 / ack p50 / ack p99 | bare p50 / p95 / p99 / ack p99 | ratio p50 / p99 / ack p99 | undeliv. / disc. (portal, bare) | CPU server / db / gen (portal) | portal loop delay p99 / max | RSS end MB (portal · bare) | busy / io-stall before |");
    console.log("|---|---|---|---|---|---|---|---|---|---|---|");
    for (const s of editing) {
      const p = s.portal;
      const b = s.bare;
      console.log(
        `| ${s.scenario} | ${s.clients} / ${s.editors} / ${s.drafts}${s.light === "watchers" ? " (light watchers)" : s.light === "all" ? " (light clients)" : ""} | ${f(p.xmlChars, 0)} | ${f(p.propP50)} / ${f(p.propP95)} / ${f(p.propP99)} / ${f(p.ackP50)} / ${f(p.ackP99)} | ` +
          `${f(b?.propP50)} / ${f(b?.propP95)} / ${f(b?.propP99)} / ${f(b?.ackP99)} | ` +
          `${f(s.ratio?.propP50, 2)} / ${f(s.ratio?.propP99, 2)} / ${f(s.ratio?.ackP99, 2)} | ${p.undelivered} / ${p.disconnects}, ${b?.undelivered ?? "–"} / ${b?.disconnects ?? "–"} | ` +
          `${f(p.serverCpu * 100, 0)}% / ${f(p.dbCpu * 100, 0)}% / ${f(p.generatorCpu * 100, 0)}%${p.generatorBound || b?.generatorBound ? " GEN-BOUND" : ""} | ${f(p.serverLoopP99)} / ${f(p.serverLoopMax)} | ${both(p, b, (x) => x.rssEnd, 0)} | ${f(p.machineBusyBefore * 100, 0)}% / ${f(p.ioPressureBefore * 100, 0)}% |`,
      );
    }
  }
  const joined = summary.filter((s) => s.joins);
  if (joined.length) {
    console.log("\nJoins of a loaded draft (provider created → synced), during the measured window\n");
    console.log("| scenario | portal join p50 / p95 / max (n, failed) | bare join p50 / p95 / max (n, failed) | ratio p50 / p95 |");
    console.log("|---|---|---|---|");
    for (const s of joined) {
      const p = s.portal.joins!;
      const b = s.bare?.joins;
      console.log(`| ${s.scenario} | ${f(p.p50)} / ${f(p.p95)} / ${f(p.max)} (${s.joins} × ${s.portal.runs}, ${p.failed}) | ${f(b?.p50)} / ${f(b?.p95)} / ${f(b?.max)} (${s.joins} × ${s.bare?.runs ?? 0}, ${b?.failed ?? "–"}) | ${f(s.ratio?.joinP50, 2)} / ${f(s.ratio?.joinP95, 2)} |`);
    }
  }
  const carets = summary.filter((s) => s.cursors);
  if (carets.length) {
    console.log("\nCarets (awareness): caret set → another client has it\n");
    console.log("| scenario | portal p50 / p95 / p99 / max (undelivered of sets) | bare p50 / p95 / p99 / max (undelivered of sets) | ratio p50 / p99 |");
    console.log("|---|---|---|---|");
    for (const s of carets) {
      const p = s.portal.caret!;
      const b = s.bare?.caret;
      console.log(`| ${s.scenario} | ${f(p.p50)} / ${f(p.p95)} / ${f(p.p99)} / ${f(p.max, 0)} (${p.undelivered} of ${f(p.sets, 0)}) | ${f(b?.p50)} / ${f(b?.p95)} / ${f(b?.p99)} / ${f(b?.max, 0)} (${b?.undelivered ?? "–"} of ${f(b?.sets, 0)}) | ${f(s.ratio?.caretP50, 2)} / ${f(s.ratio?.caretP99, 2)} |`);
    }
  }
  const memory = summary.filter((s) => s.kind === "drafts");
  if (memory.length) {
    console.log("\nServer memory (RSS, MB): before the clients came (no draft open), all drafts open and synced (nothing edited yet), at the end of the measured window (after editing), 15 s after the clients left; per open draft = (synced − before) ÷ drafts\n");
    console.log("| scenario | portal before / synced / end / after unload | portal MB per open draft | bare before / synced / end / after unload | bare MB per open draft | ratio per draft |");
    console.log("|---|---|---|---|---|---|");
    for (const s of memory) {
      const p = s.portal;
      const b = s.bare;
      console.log(
        `| ${s.scenario} | ${f(p.rssBefore, 0)} / ${f(p.rssSynced, 0)} / ${f(p.rssEnd, 0)} / ${f(p.rssAfterUnload, 0)} | ${f(p.rssPerDraft, 2)} | ` +
          `${f(b?.rssBefore, 0)} / ${f(b?.rssSynced, 0)} / ${f(b?.rssEnd, 0)} / ${f(b?.rssAfterUnload, 0)} | ${f(b?.rssPerDraft, 2)} | ${f(s.ratio?.rssPerDraft, 2)} |`,
      );
    }
  }
  const storms = summary.filter((s) => s.kind === "storm");
  if (storms.length) {
    console.log("\nReconnect storm: the server restarted on the same port; from the moment it accepts connections again to each client's synced\n");
    console.log("| scenario | portal resynced, ready→synced p50 / p95 / max, open→synced p50 / p95, flaps, down ms | bare resynced, ready→synced p50 / p95 / max, open→synced p50 / p95, flaps, down ms | ratio ready→synced p50 / p95, open→synced p95 |");
    console.log("|---|---|---|---|");
    const cell = (x: Picked | null) => {
      const st = x?.storm;
      if (!st) return "–";
      return `${st.allResynced ? "all" : `${st.resyncedMin}/${st.clients}`}, ${f(st.sinceReady.p50, 0)} / ${f(st.sinceReady.p95, 0)} / ${f(st.sinceReady.max, 0)}, ${f(st.sinceOpen.p50, 0)} / ${f(st.sinceOpen.p95, 0)}, ${st.flaps}, ${f(st.restartMs, 0)}`;
    };
    for (const s of storms) console.log(`| ${s.scenario} | ${cell(s.portal)} | ${cell(s.bare)} | ${f(s.ratio?.stormP50, 2)} / ${f(s.ratio?.stormP95, 2)}, ${f(s.ratio?.stormOpenP95, 2)} |`);
  }
  for (const s of summary) {
    if (!s.soak) continue;
    for (const [system, k, figures] of [["portal", s.soak, s.portal], ["bare", s.bareSoak, s.bare]] as const) {
      if (!k) continue;
      console.log(`\nSoak (${system}): drafts-200x5 for ${k.minutes} min; RSS before ${f(k.rssBefore, 0)} MB, all open ${f(k.rssSynced, 0)} MB, at minute 1 ${f(k.rssMinute1, 0)} MB, at the end ${f(k.rssEnd, 0)} MB, slope ${f(k.slopeMbPerMin, 2)} MB/min, after unload ${f(k.rssAfterUnload, 0)} MB; undelivered ${figures?.undelivered ?? "–"}, disconnects ${figures?.disconnects ?? "–"}\n`);
      console.log("| minute | propagation p50 / p99 / max | deliveries | RSS MB at its end |");
      console.log("|---|---|---|---|");
      for (const b of k.perMinute) {
        const rss = k.rssSamples.find((x) => x.tS >= b.startS + 60 - 1)?.mb ?? (b.startS + 60 >= k.minutes * 60 ? k.rssEnd : NaN);
        console.log(`| ${b.startS / 60 + 1} | ${f(b.p50)} / ${f(b.p99)} / ${f(b.max, 0)} | ${b.n} | ${f(rss, 0)} |`);
      }
    }
    if (s.bareSoak) {
      // Every edit inserts, so the drafts grow all soak long: bare's growth is the content's.
      const grew = (k: NonNullable<typeof s.bareSoak>) => k.rssEnd - k.rssMinute1;
      console.log(`\nSoak RSS growth, minute 1 → end: portal ${f(grew(s.soak), 0)} MB, bare ${f(grew(s.bareSoak), 0)} MB (ratio ${f(grew(s.soak) / grew(s.bareSoak), 2)})`);
    }
  }
  if (before) {
    console.log(`\n"before" = the portal from ${args["compare-cwd"]}, same run, same database, interleaved\n`);
    console.log("| scenario | before p50 / p95 / p99 / ack p99 | after p50 / p95 / p99 / ack p99 | bare p50 / p99 / ack p99 | ratio to bare, before → after: p99 · ack p99 |");
    console.log("|---|---|---|---|---|");
    for (const s of summary) {
      if (!s.before || !s.beforeRatio) continue;
      const o = s.before;
      const r = s.beforeRatio;
      console.log(
        `| ${s.scenario} | ${f(o.propP50)} / ${f(o.propP95)} / ${f(o.propP99)} / ${f(o.ackP99)} | ${f(s.portal.propP50)} / ${f(s.portal.propP95)} / ${f(s.portal.propP99)} / ${f(s.portal.ackP99)} | ` +
          `${f(s.bare?.propP50)} / ${f(s.bare?.propP99)} / ${f(s.bare?.ackP99)} | ${f(r.propP99, 2)} → ${f(s.ratio?.propP99, 2)} · ${f(r.ackP99, 2)} → ${f(s.ratio?.ackP99, 2)} |`,
      );
    }
  }
  if (targets.length) {
    console.log("\nTargets (issue 10)\n");
    for (const t of targets) console.log(`${t.met ? "met   " : "MISSED"} ${t.scenario}: ${t.target} — ${t.value}`);
  }
  // What the portal complained about, by kind (ids, numbers and stack frames folded), most frequent first.
  const kinds = new Map<string, { count: number; example: string }>();
  for (const l of h.portalErrors) {
    if (/^#\d+\s+at /.test(l) || /^#\d+\s*[{}]?$/.test(l)) continue; // stack frames, braces
    const key = l.replace(/^#\d+ /, "").replace(/[0-9a-z]{25}/g, "<id>").replace(/\d+/g, "N").slice(0, 160);
    const k = kinds.get(key) ?? { count: 0, example: l.slice(0, 400) };
    k.count++;
    kinds.set(key, k);
  }
  const stderrSummary = [...kinds.entries()].sort((a, b) => b[1].count - a[1].count).slice(0, 20).map(([kind, v]) => ({ kind, ...v }));
  const out = {
    at: new Date().toISOString(),
    mode: QUICK ? "quick" : "full",
    label: args.label,
    portalCwd: args["portal-cwd"] ?? process.cwd(),
    compareCwd: args["compare-cwd"] ?? null,
    reps,
    measureMs,
    soakMin,
    elapsedS: Math.round((Date.now() - started) / 1000),
    portalStderrLines: h.portalErrors.length,
    portalStderr: stderrSummary,
    summary,
    targets,
    runs,
  };
  mkdirSync(path.dirname(args.out!), { recursive: true });
  writeFileSync(args.out!, JSON.stringify(out, null, 2) + "\n");
  console.log(`\nwritten ${args.out}; ${out.elapsedS} s; portal stderr lines ${h.portalErrors.length}`);
  for (const k of stderrSummary.slice(0, 8)) console.log(`  portal stderr ×${k.count}: ${k.example.slice(0, 200)}`);
  return true;
});
