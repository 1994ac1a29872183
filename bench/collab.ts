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
import type { GeneratorConfig, GeneratorResult } from "./generator";

// `npm run bench` / `npm run bench:quick` (issue 10): one draft, N editors, through the real
// path — the portal (server/main.ts, collab only) as a child process with embedded
// PostgreSQL, signed-in users' tickets, the policy, the update guard, the durable log, the
// derived outline — against bare Hocuspocus 4.7 in memory seeded with the same document
// state at that moment (bench/bare-server.ts). The load generator is its own process
// (bench/generator.ts). Runs are A/B interleaved (the order alternates per repetition) and
// every figure is also given as a ratio to the baseline of the same run, because the
// machine is shared and noisy. Medians over repetitions.
//
//   npx tsx bench/collab.ts [--quick] [--reps 3] [--measure-s 12] [--only 50x55k]
//                           [--portal-cwd <checkout>] [--compare-cwd <checkout>]
//                           [--out bench/results/latest.json]
//
// --portal-cwd runs the portal from another checkout (e.g. the commit before a change).
// --compare-cwd adds a third system to every scenario: a second portal, from that checkout,
// on the same database, interleaved with the other two ("before"), so before/after figures
// come from the same run on the same machine.

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    reps: { type: "string" },
    "measure-s": { type: "string" },
    only: { type: "string" },
    "portal-cwd": { type: "string" },
    "compare-cwd": { type: "string" },
    out: { type: "string", default: "bench/results/latest.json" },
    label: { type: "string", default: "" },
    verbose: { type: "boolean", default: false },
  },
});

const QUICK = args.quick;
const reps = Number(args.reps ?? (QUICK ? 1 : 3));
const measureMs = Number(args["measure-s"] ?? (QUICK ? 8 : 15)) * 1000;
const DOCS = { small: 5_000, "55k": 55_000, "150k": 150_000 } as const;
type DocSize = keyof typeof DOCS;
type System = "portal" | "before" | "bare";
interface Scenario {
  name: string;
  editors: number;
  doc: DocSize;
}
const scenarios: Scenario[] = (
  QUICK
    ? [[10, "small"], [50, "small"], [10, "55k"], [50, "55k"]]
    : [[10, "small"], [50, "small"], [10, "55k"], [50, "55k"], [100, "55k"], [150, "55k"], [100, "150k"], [150, "150k"]]
)
  .map(([editors, doc]) => ({ name: `${editors}x${doc}`, editors: editors as number, doc: doc as DocSize }))
  .filter((s) => !args.only || args.only.split(",").includes(s.name));

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

interface RunFigures extends GeneratorResult {
  system: System;
  serverCpu: number;
  dbCpu: number;
  machineBusyBefore: number;
  ioPressureBefore: number;
  load1Before: number;
  xmlChars: number;
}

function runGenerator(cfg: GeneratorConfig, serverPid: () => number | undefined, dbPids: () => number[], tmp: string, verbose: boolean) {
  const file = path.join(tmp, `gen-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(cfg));
  return new Promise<{ result: GeneratorResult; serverCpu: number; dbCpu: number }>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/generator.ts", file], { stdio: ["ignore", "pipe", "pipe"] });
    let s0 = 0;
    let d0 = 0;
    let t0 = 0;
    let serverCpu = NaN;
    let dbCpu = NaN;
    let result: GeneratorResult | null = null;
    let pids: number[] = [];
    let partial = "";
    const sum = (ps: number[]) => ps.reduce((n, p) => n + cpuMsOf(p), 0);
    child.stdout.on("data", (chunk: Buffer) => {
      partial += chunk.toString();
      const lines = partial.split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        if (line === "MEASURE_START") {
          pids = dbPids();
          s0 = cpuMsOf(serverPid() ?? 0);
          d0 = sum(pids);
          t0 = performance.now();
        } else if (line === "MEASURE_END") {
          const wall = performance.now() - t0;
          serverCpu = (cpuMsOf(serverPid() ?? 0) - s0) / wall;
          dbCpu = pids.length ? (sum(pids) - d0) / wall : 0;
        } else if (line.startsWith("RESULT ")) {
          const r = JSON.parse(line.slice(7)) as GeneratorResult & { error?: string };
          if (r.error) return reject(new Error(r.error));
          result = r;
        } else if (verbose) console.log(`  gen| ${line}`);
      }
    });
    child.stderr.on("data", (c: Buffer) => verbose && process.stderr.write(c));
    child.on("exit", (code) => (result ? resolve({ result, serverCpu, dbCpu }) : reject(new Error(`generator exited ${code} without a result`))));
  });
}

async function startBare(state: Uint8Array, tmp: string) {
  const port = await freePort();
  const file = path.join(tmp, `bare-state-${port}.bin`);
  writeFileSync(file, state);
  const child = spawn(process.execPath, ["--import", "tsx", "bench/bare-server.ts", String(port), file], { stdio: ["ignore", "pipe", "inherit"], detached: true });
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
    pid: child.pid,
    stop: () =>
      new Promise<void>((r) => {
        child.once("exit", () => r());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3_000).unref();
      }),
  };
}

const median = (xs: (number | null)[]) => {
  const s = xs.filter((x): x is number => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const h = new Harness({ name: "bench", verbose: args.verbose, portalCwd: args["portal-cwd"] });
const budgetS = QUICK && !args["compare-cwd"] ? 175 : 60 * 60;

await runHarnessed(h, budgetS, async () => {
  const started = Date.now();
  const owner = h.user("zhaolixin");
  const draftOf = new Map<DocSize, string>();
  for (const size of new Set(scenarios.map((s) => s.doc))) {
    const d = await createDraft({
      db: h.db, actor: owner, meta: {}, source: "blank",
      input: { title: `基准测试 ${size}`, kind: "SPEECH", committeeId: h.draft.committeeId },
      content: contentOfSize(DOCS[size]) as never,
    });
    draftOf.set(size, d.id);
  }
  const tmp = h.tmp;
  let before: PortalProcess | null = null;
  let beforePort = 0;
  if (args["compare-cwd"]) {
    beforePort = await freePort();
    mkdirSync(path.join(tmp, "logs-before"), { recursive: true });
    before = new PortalProcess({
      cwd: args["compare-cwd"],
      port: beforePort,
      name: "before",
      logDir: path.join(tmp, "logs-before"),
      env: {
        DATABASE_URL: process.env.DATABASE_URL!,
        AUTH_SECRET: process.env.AUTH_SECRET!,
        DATA_DIR: path.join(tmp, "app-before"),
        SEED_DEMO: "true",
        HOST: "127.0.0.1",
        NODE_ENV: "production",
        REDIS_URL: "",
      },
    });
    h.track({ destroy: () => before?.killSync() });
    await before.start();
    h.log(`second portal ("before", ${args["compare-cwd"]}) on port ${beforePort}`);
  }
  const systems: System[] = before ? ["portal", "before", "bare"] : ["portal", "bare"];
  const runs: (RunFigures & { scenario: string; rep: number })[] = [];
  for (const sc of scenarios) {
    for (let rep = 0; rep < reps; rep++) {
      const order = rep % 2 === 0 ? systems : [...systems].reverse();
      for (const system of order) {
        const draftId = draftOf.get(sc.doc)!;
        const state = (await loadDocState({ db: h.db, draftId })).state;
        const xmlChars = xmlLength(state);
        const machineBusyBefore = await machineBusy(700);
        const load1Before = loadavg()[0]!;
        const ioPressureBefore = ioPressure();
        const base = {
          documentName: documentNameOf(draftId),
          clients: sc.editors,
          warmupMs: 2_000,
          measureMs,
          drainMs: 2_500,
          editEveryMs: [250, 750] as [number, number],
          seed: 1000 + rep,
          connectTimeoutMs: 60_000,
        };
        let figures: { result: GeneratorResult; serverCpu: number; dbCpu: number };
        if (system !== "bare") {
          const tokens = EDITOR_USERS.map((name) => {
            const u = h.user(name);
            return mintCollabToken({ userId: u.id, sessionVersion: u.sessionVersion, draftId });
          });
          const url = system === "portal" ? h.url : h.url.replace(`:${h.port}/`, `:${beforePort}/`);
          const pid = system === "portal" ? () => h.portal.pid : () => before!.pid;
          figures = await runGenerator({ ...base, url, tokens }, pid, () => postgresPids(h), tmp, !!args.verbose);
        } else {
          const bare = await startBare(state, tmp);
          try {
            figures = await runGenerator({ ...base, url: bare.url, tokens: ["bare"] }, () => bare.pid, () => [], tmp, !!args.verbose);
          } finally {
            await bare.stop();
          }
        }
        const r: RunFigures & { scenario: string; rep: number } = {
          scenario: sc.name, rep, system, ...figures.result, serverCpu: figures.serverCpu, dbCpu: figures.dbCpu, machineBusyBefore, ioPressureBefore, load1Before, xmlChars,
        };
        runs.push(r);
        // JSON turns the NaN of an empty sample into null.
        const n = (x: number | null, d = 1) => (typeof x === "number" && Number.isFinite(x) ? x.toFixed(d) : "–");
        h.log(
          `${sc.name} rep ${rep + 1} ${system.padEnd(6)} xml ${xmlChars} busy ${(machineBusyBefore * 100).toFixed(0)}% io-stall ${n(ioPressureBefore * 100, 0)}%: ` +
            `prop p50 ${n(r.prop.p50)} p99 ${n(r.prop.p99)} max ${n(r.prop.max, 0)} ms, ack p99 ${n(r.ack.p99)} ms, ` +
            `undelivered ${r.undelivered}, disconnects ${r.disconnects}, gen cpu ${(r.generatorCpu * 100).toFixed(0)}%${r.generatorBound ? " GENERATOR-BOUND" : ""}`,
        );
        await new Promise((res) => setTimeout(res, 500));
      }
    }
  }

  // Medians per scenario and system, and the ratios to the baseline.
  const summary = scenarios.map((sc) => {
    const pick = (system: System) => {
      const rs = runs.filter((r) => r.scenario === sc.name && r.system === system);
      return {
        runs: rs.length,
        xmlChars: median(rs.map((r) => r.xmlChars)),
        propP50: median(rs.map((r) => r.prop.p50)),
        propP95: median(rs.map((r) => r.prop.p95)),
        propP99: median(rs.map((r) => r.prop.p99)),
        propMax: median(rs.map((r) => r.prop.max)),
        ackP50: median(rs.map((r) => r.ack.p50)),
        ackP99: median(rs.map((r) => r.ack.p99)),
        edits: median(rs.map((r) => r.edits)),
        undelivered: rs.reduce((n, r) => n + r.undelivered, 0),
        disconnects: rs.reduce((n, r) => n + r.disconnects, 0),
        serverCpu: median(rs.map((r) => r.serverCpu)),
        dbCpu: median(rs.map((r) => r.dbCpu)),
        generatorCpu: median(rs.map((r) => r.generatorCpu)),
        generatorLagP99: median(rs.map((r) => r.lagP99Ms)),
        generatorBound: rs.some((r) => r.generatorBound),
        machineBusyBefore: median(rs.map((r) => r.machineBusyBefore)),
        ioPressureBefore: median(rs.map((r) => r.ioPressureBefore)),
      };
    };
    const portal = pick("portal");
    const bare = pick("bare");
    const prior = before ? pick("before") : null;
    const ratioOf = (p: ReturnType<typeof pick>) => ({ propP50: p.propP50 / bare.propP50, propP99: p.propP99 / bare.propP99, ackP99: p.ackP99 / bare.ackP99 });
    return {
      scenario: sc.name,
      editors: sc.editors,
      portal,
      bare,
      ratio: ratioOf(portal),
      ...(prior ? { before: prior, beforeRatio: ratioOf(prior) } : {}),
    };
  });

  const f = (x: number | null, d = 1) => (typeof x === "number" && Number.isFinite(x) ? x.toFixed(d) : "–");
  console.log(`\nbench ${QUICK ? "quick" : "full"}${args.label ? ` (${args.label})` : ""}: ${reps} rep(s), ${measureMs / 1000} s measured per run, medians; ms; ratio = portal / bare\n`);
  console.log("| scenario | xml chars | portal p50 / p95 / p99 / ack p50 / ack p99 | bare p50 / p95 / p99 / ack p99 | ratio p50 / p99 / ack p99 | undeliv. / disc. (portal, bare) | CPU server / db / gen (portal) | busy / io-stall before |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const s of summary) {
    const p = s.portal;
    const b = s.bare;
    console.log(
      `| ${s.scenario} | ${f(p.xmlChars, 0)} | ${f(p.propP50)} / ${f(p.propP95)} / ${f(p.propP99)} / ${f(p.ackP50)} / ${f(p.ackP99)} | ${f(b.propP50)} / ${f(b.propP95)} / ${f(b.propP99)} / ${f(b.ackP99)} | ` +
        `${f(s.ratio.propP50, 2)} / ${f(s.ratio.propP99, 2)} / ${f(s.ratio.ackP99, 2)} | ${p.undelivered} / ${p.disconnects}, ${b.undelivered} / ${b.disconnects} | ` +
        `${f(p.serverCpu * 100, 0)}% / ${f(p.dbCpu * 100, 0)}% / ${f(p.generatorCpu * 100, 0)}%${p.generatorBound || b.generatorBound ? " GEN-BOUND" : ""} | ${f(p.machineBusyBefore * 100, 0)}% / ${f(p.ioPressureBefore * 100, 0)}% |`,
    );
  }
  if (before) {
    console.log(`\n"before" = the portal from ${args["compare-cwd"]}, same run, same database, interleaved\n`);
    console.log("| scenario | before p50 / p95 / p99 / ack p99 | after p50 / p95 / p99 / ack p99 | bare p50 / p99 / ack p99 | ratio to bare, before → after: p99 · ack p99 |");
    console.log("|---|---|---|---|---|");
    for (const s of summary) {
      const o = s.before!;
      const r = s.beforeRatio!;
      console.log(
        `| ${s.scenario} | ${f(o.propP50)} / ${f(o.propP95)} / ${f(o.propP99)} / ${f(o.ackP99)} | ${f(s.portal.propP50)} / ${f(s.portal.propP95)} / ${f(s.portal.propP99)} / ${f(s.portal.ackP99)} | ` +
          `${f(s.bare.propP50)} / ${f(s.bare.propP99)} / ${f(s.bare.ackP99)} | ${f(r.propP99, 2)} → ${f(s.ratio.propP99, 2)} · ${f(r.ackP99, 2)} → ${f(s.ratio.ackP99, 2)} |`,
      );
    }
  }
  const out = {
    at: new Date().toISOString(),
    mode: QUICK ? "quick" : "full",
    label: args.label,
    portalCwd: args["portal-cwd"] ?? process.cwd(),
    compareCwd: args["compare-cwd"] ?? null,
    reps,
    measureMs,
    elapsedS: Math.round((Date.now() - started) / 1000),
    portalStderrLines: h.portalErrors.length,
    summary,
    runs,
  };
  mkdirSync(path.dirname(args.out!), { recursive: true });
  writeFileSync(args.out!, JSON.stringify(out, null, 2) + "\n");
  console.log(`\nwritten ${args.out}; ${out.elapsedS} s; portal stderr lines ${h.portalErrors.length}`);
  for (const l of h.portalErrors.slice(0, 5)) console.log(`  portal stderr: ${l.slice(0, 200)}`);
  return true;
});
