import { spawnSync } from "node:child_process";
import http from "node:http";
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { freePort } from "../server/db/embedded";
import { createDraft } from "../server/services/drafts/create-draft";
import { DEMO_PASSWORD } from "../server/services/demo/seed-demo";
import { Harness, runHarnessed } from "../scripts/durability/harness";
import { PortalProcess } from "../scripts/durability/portal-process";
import { contentOfTextLength } from "./content";
import { cpuMsOf, machineBusy } from "./machine";

// `npm run bench:pages` (issue 10, "Pages"): server-render throughput of the draft page
// (`/drafts/<id>`) and the drafts list (`/drafts`) against a bare dynamic page of the same
// build (`/bench/bare`: `await connection()` and one element; served only with BENCH_PAGES=1).
//
// The production build of the portal (built first when sources changed, scripts/ensure-build.mjs)
// runs as a child process (`server/main.ts`, web+collab) on embedded PostgreSQL with the demo
// data and a draft of ~20,000 characters. A demo user signs in through POST /api/auth/login;
// C closed-loop clients (node:http, one keep-alive socket each) then request one URL as fast
// as the server answers for `--seconds`, after a short warm-up. The runs are interleaved
// (order reversed every other repetition); medians over repetitions; every figure is also a
// ratio to the bare page of the same build measured in the same repetition.
//
//   npx tsx bench/pages.ts [--seconds 8] [--conns 50] [--reps 2] [--only draft,list,bare,shell]
//                          [--compare-cwd <checkout>] [--out bench/results/pages.json] [--sizes]
//
// --sizes also prints the HTML bytes of every page (as 赵立新, the admin pages as 李晓梅 of the
// secretariat, the sign-in page signed out) for each system, and the database statements per
// request of the draft page, the list and the bare page (PostgreSQL's transaction count over 20
// sequential requests: each read outside a transaction is one); with --reps 0 only that.
//
// For finding stalls: --timeline <file> writes every measured request (start and end, epoch ms,
// system, page) as JSON lines; "--portal-node-options=<flags>" gives the portal processes
// NODE_OPTIONS (e.g. --trace-gc, or "--import <abs path>/bench/stall-probe.mjs").
//
// --compare-cwd starts a second portal from another checkout (its own build, same database)
// and measures it interleaved with this one ("before"); that checkout needs app/bench/bare too.

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "8" },
    "warmup-s": { type: "string", default: "2" },
    conns: { type: "string", default: "50" },
    reps: { type: "string", default: "2" },
    only: { type: "string" },
    "compare-cwd": { type: "string" },
    "no-build": { type: "boolean", default: false },
    out: { type: "string", default: "bench/results/pages.json" },
    verbose: { type: "boolean", default: false },
    sizes: { type: "boolean", default: false },
    timeline: { type: "string" },
    "portal-node-options": { type: "string" },
  },
});

const measureMs = Number(args.seconds) * 1000;
const warmupMs = Number(args["warmup-s"]) * 1000;
const conns = Number(args.conns);
const reps = Number(args.reps);
type Target = "draft" | "list" | "bare" | "shell";
// "shell" (/bench/shell: the signed-in layout around one element) only when asked for.
const TARGETS = (["draft", "list", "bare", "shell"] as Target[]).filter((t) => (args.only ? args.only.split(",").includes(t) : t !== "shell"));
const LOGIN = "zhaolixin"; // head of 提案委员会: owner of the bench draft

function build(cwd: string) {
  if (args["no-build"]) return;
  const r = spawnSync(process.execPath, ["scripts/ensure-build.mjs"], { cwd, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`build in ${cwd} failed`);
}

interface Res {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

function request(agent: http.Agent | undefined, port: number, pathName: string, o: { method?: string; headers?: Record<string, string>; body?: string; keepBody?: boolean } = {}): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: pathName, method: o.method ?? "GET", agent, headers: o.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => o.keepBody && chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), headers: res.headers }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (o.body) req.end(o.body);
    else req.end();
  });
}

async function signIn(port: number, login = LOGIN): Promise<string> {
  const res = await request(undefined, port, "/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json", origin: `http://127.0.0.1:${port}` },
    body: JSON.stringify({ login, password: DEMO_PASSWORD }),
    keepBody: true,
  });
  if (res.status !== 200) throw new Error(`sign-in on :${port}: ${res.status} ${res.body.slice(0, 200)}`);
  const cookies = ([] as string[]).concat(res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]!);
  return cookies.join("; ");
}

interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  meanBytes: number;
  serverCpu: number;
  /** Server CPU time per answered request, ms: the figure a busy shared machine disturbs least. */
  cpuMsPerRequest: number;
  generatorCpu: number;
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);

/**
 * C closed loops on keep-alive sockets. req/s counts the answers that end inside the measured
 * window; latency, bytes and CPU per request are those of the requests that start inside it.
 * (Counting the latency of every answer that ended in the window took in the first wave of C
 * requests sent together at the start of the warm-up; on the draft page that wave, rendered
 * all at once on a cold server, ended just after the 2 s warm-up at ~2.1 s and was the whole
 * "p99 stall": docs/performance.md, "Pages".)
 */
async function drive(port: number, pathName: string, cookie: string, serverPid: number | undefined, label = ""): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: conns });
  const latencies: number[] = [];
  let answered = 0;
  let errors = 0;
  let bytes = 0;
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const measureTo = measureFrom + measureMs;
  timeline?.write(`${JSON.stringify({ label, warmupFrom: performance.timeOrigin + start, measureFrom: performance.timeOrigin + measureFrom, measureTo: performance.timeOrigin + measureTo })}\n`);
  let s0 = 0;
  let c0: NodeJS.CpuUsage | null = null;
  const marker = setTimeout(() => {
    s0 = cpuMsOf(serverPid);
    c0 = process.cpuUsage();
  }, warmupMs);
  const loop = async () => {
    while (performance.now() < measureTo) {
      const t0 = performance.now();
      let ok = false;
      let size = 0;
      try {
        const res = await new Promise<{ status: number; size: number }>((resolve, reject) => {
          const req = http.get({ host: "127.0.0.1", port, path: pathName, agent, headers: { cookie } }, (r) => {
            let n = 0;
            r.on("data", (c: Buffer) => (n += c.length));
            r.on("end", () => resolve({ status: r.statusCode ?? 0, size: n }));
            r.on("error", reject);
          });
          req.on("error", reject);
        });
        ok = res.status === 200;
        size = res.size;
      } catch {
        ok = false;
      }
      const t1 = performance.now();
      timeline?.write(`${JSON.stringify({ label, start: performance.timeOrigin + t0, end: performance.timeOrigin + t1, ok })}\n`);
      if (ok && t1 >= measureFrom && t1 <= measureTo) answered++;
      if (t0 >= measureFrom) {
        if (ok) {
          latencies.push(t1 - t0);
          bytes += size;
        } else errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: conns }, loop));
  clearTimeout(marker);
  const wallMs = performance.now() - measureFrom;
  const serverCpu = (cpuMsOf(serverPid) - s0) / wallMs;
  const cu = process.cpuUsage(c0 ?? undefined);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    rps: answered / (measureMs / 1000),
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p99: pct(latencies, 99),
    max: latencies.at(-1) ?? NaN,
    meanBytes: latencies.length ? Math.round(bytes / latencies.length) : 0,
    serverCpu,
    cpuMsPerRequest: latencies.length ? (serverCpu * wallMs) / latencies.length : NaN,
    generatorCpu: (cu.user + cu.system) / 1000 / wallMs,
  };
}

interface SystemUnderTest {
  name: "portal" | "before";
  port: number;
  pid: () => number | undefined;
  cookie: string;
}

const median = (xs: number[]) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const h = new Harness({
  name: "bench-pages",
  verbose: args.verbose,
  services: "web,collab",
  portalEnv: { BENCH_PAGES: "1", ...(args["portal-node-options"] ? { NODE_OPTIONS: args["portal-node-options"] } : {}) },
});
const timeline = args.timeline ? createWriteStream(args.timeline) : null;

console.log(`building (when sources changed) …`);
build(process.cwd());
if (args["compare-cwd"]) build(args["compare-cwd"]);

await runHarnessed(h, 30 * 60, async () => {
  const owner = h.user(LOGIN);
  const draft = await createDraft({
    db: h.db, actor: owner, meta: {}, source: "blank",
    input: { title: "页面基准测试 约两万字的发言稿", kind: "SPEECH", committeeId: h.draft.committeeId },
    content: contentOfTextLength(20_000) as never,
  });
  const paths: Record<Target, string> = { draft: `/drafts/${draft.id}`, list: "/drafts", bare: "/bench/bare", shell: "/bench/shell" };

  const systems: SystemUnderTest[] = [{ name: "portal", port: h.port, pid: () => h.portal.pid, cookie: "" }];
  if (args["compare-cwd"]) {
    const port = await freePort();
    const before = h.track(
      Object.assign(
        new PortalProcess({
          cwd: args["compare-cwd"],
          port,
          logDir: path.join(h.tmp, "logs"),
          name: "before",
          services: "web,collab",
          env: {
            DATABASE_URL: process.env.DATABASE_URL!,
            AUTH_SECRET: process.env.AUTH_SECRET!,
            DATA_DIR: path.join(h.tmp, "app"),
            SEED_DEMO: "true",
            HOST: "127.0.0.1",
            NODE_ENV: "production",
            REDIS_URL: "",
            BENCH_PAGES: "1",
            ...(args["portal-node-options"] ? { NODE_OPTIONS: args["portal-node-options"] } : {}),
          },
        }),
        { destroy() {} },
      ),
    );
    await before.start();
    h.log(`second portal ("before", ${args["compare-cwd"]}) on port ${port}`);
    systems.push({ name: "before", port, pid: () => before.pid, cookie: "" });
    process.on("exit", () => before.killSync());
  }

  for (const s of systems) {
    s.cookie = await signIn(s.port);
    for (const t of TARGETS) {
      // Warm the route (first render compiles nothing in production, but loads the chunks).
      const r = await request(undefined, s.port, paths[t], { headers: { cookie: s.cookie }, keepBody: true });
      if (r.status !== 200) throw new Error(`${s.name} ${paths[t]}: ${r.status}`);
      if (t === "draft" && !r.body.includes("页面基准测试")) throw new Error(`${s.name}: the draft page does not show the draft`);
      h.log(`${s.name} ${paths[t]}: 200, ${r.body.length} chars of HTML`);
    }
  }

  // HTML bytes per page (one request each, after the warm-up above): what every page carries.
  const sizes: { system: string; path: string; bytes: number }[] = [];
  const queries: { system: string; target: Target; perRequest: number }[] = [];
  if (args.sizes) {
    const d = `/drafts/${draft.id}`;
    const pages: [string, "owner" | "admin" | "none"][] = [
      ["/login", "none"], ["/bench/bare", "owner"], ["/", "owner"], ["/drafts", "owner"], [d, "owner"], [`${d}/signoff`, "owner"],
      [`${d}/versions`, "owner"], [`${d}/register`, "owner"], ["/drafts/new", "owner"], ["/notifications", "owner"],
      ["/account", "owner"], ["/admin/users", "admin"], ["/admin/committees", "admin"], ["/admin/audit", "admin"],
    ];
    for (const s of systems) {
      const admin = await signIn(s.port, "bangongshi");
      for (const [p, who] of pages) {
        const headers: Record<string, string> = who === "none" ? {} : { cookie: who === "admin" ? admin : s.cookie };
        const r = await request(undefined, s.port, p, { headers, keepBody: true });
        if (r.status !== 200) throw new Error(`${s.name} ${p}: ${r.status}`);
        sizes.push({ system: s.name, path: p.replace(draft.id, "<id>"), bytes: Buffer.byteLength(r.body) });
      }
    }
    // Statements per request: pg_stat_database's transaction count around 20 sequential
    // requests, less the counter's own read. A backend that has gone idle reports its counts
    // within 10 s (PostgreSQL's idle stats flush), hence the wait.
    const xacts = async () => {
      await new Promise((r) => setTimeout(r, 11_000));
      const [row] = await h.db.$queryRaw<{ n: bigint }[]>`select pg_stat_get_db_xact_commit(oid) + pg_stat_get_db_xact_rollback(oid) as n from pg_database where datname = current_database()`;
      return Number(row!.n);
    };
    for (const s of systems) {
      for (const t of TARGETS) {
        const before = await xacts();
        for (let i = 0; i < 20; i++) await request(undefined, s.port, paths[t], { headers: { cookie: s.cookie } });
        const after = await xacts();
        queries.push({ system: s.name, target: t, perRequest: (after - before - 1) / 20 });
      }
    }
    const names = systems.map((s) => s.name);
    console.log(`\ndatabase statements per request\n\n| page | ${names.join(" | ")} |\n|---|${names.map(() => "---|").join("")}`);
    for (const t of TARGETS) console.log(`| ${paths[t].replace(draft.id, "<id>")} | ${names.map((n) => queries.find((q) => q.system === n && q.target === t)!.perRequest.toFixed(2)).join(" | ")} |`);
    console.log(`\nHTML bytes per page\n\n| page | ${names.join(" | ")} |${names.length > 1 ? ` ${names[0]} − ${names[1]} |` : ""}\n|---|${names.map(() => "---|").join("")}${names.length > 1 ? "---|" : ""}`);
    for (const p of [...new Set(sizes.map((x) => x.path))]) {
      const b = names.map((n) => sizes.find((x) => x.system === n && x.path === p)!.bytes);
      console.log(`| ${p} | ${b.map((x) => x.toLocaleString("en")).join(" | ")} |${b.length > 1 ? ` ${(b[0]! - b[1]!).toLocaleString("en")} |` : ""}`);
    }
  }

  type Run = LoadResult & { system: string; target: Target; rep: number; machineBusyBefore: number; load1Before: number };
  const runs: Run[] = [];
  const order = systems.flatMap((s) => TARGETS.map((t) => ({ s, t })));
  for (let rep = 0; rep < reps; rep++) {
    for (const { s, t } of rep % 2 ? [...order].reverse() : order) {
      const machineBusyBefore = await machineBusy(500);
      const load1Before = loadavg()[0]!;
      const r = await drive(s.port, paths[t], s.cookie, s.pid(), `${s.name} ${t} ${rep}`);
      runs.push({ ...r, system: s.name, target: t, rep, machineBusyBefore, load1Before });
      h.log(
        `rep ${rep + 1} ${s.name.padEnd(6)} ${t.padEnd(5)} ${r.rps.toFixed(0).padStart(5)} req/s  p50 ${r.p50.toFixed(0)} p95 ${r.p95.toFixed(0)} p99 ${r.p99.toFixed(0)} ms` +
          `  err ${r.errors}  server CPU ${(r.serverCpu * 100).toFixed(0)}% (${r.cpuMsPerRequest.toFixed(1)} ms/req)  gen CPU ${(r.generatorCpu * 100).toFixed(0)}%  busy before ${(machineBusyBefore * 100).toFixed(0)}%`,
      );
    }
  }

  const summary = systems.flatMap((s) =>
    TARGETS.map((t) => {
      const mine = runs.filter((r) => r.system === s.name && r.target === t);
      const ratios = mine.map((r) => {
        const bare = runs.find((b) => b.system === s.name && b.target === "bare" && b.rep === r.rep);
        return { rps: bare ? r.rps / bare.rps : NaN, p99: bare ? r.p99 / bare.p99 : NaN, cpu: bare ? r.cpuMsPerRequest / bare.cpuMsPerRequest : NaN };
      });
      return {
        system: s.name,
        target: t,
        path: paths[t],
        rps: median(mine.map((r) => r.rps)),
        p50: median(mine.map((r) => r.p50)),
        p95: median(mine.map((r) => r.p95)),
        p99: median(mine.map((r) => r.p99)),
        errors: mine.reduce((n, r) => n + r.errors, 0),
        meanBytes: median(mine.map((r) => r.meanBytes)),
        serverCpu: median(mine.map((r) => r.serverCpu)),
        cpuMsPerRequest: median(mine.map((r) => r.cpuMsPerRequest)),
        generatorBound: mine.some((r) => r.generatorCpu > 0.85),
        rpsRatioToBare: median(ratios.map((x) => x.rps)),
        p99RatioToBare: median(ratios.map((x) => x.p99)),
        cpuPerRequestRatioToBare: median(ratios.map((x) => x.cpu)),
      };
    }),
  );

  if (reps > 0) {
    console.log(`\n${conns} connections, ${reps} × ${measureMs / 1000} s per run (medians); ratios to /bench/bare of the same build and repetition\n`);
    console.log("| system | page | req/s | p50 / p95 / p99 ms | HTML bytes | server CPU | CPU ms/req | req/s ÷ bare | p99 ÷ bare | CPU/req ÷ bare |");
    console.log("|---|---|---|---|---|---|---|---|---|---|");
  }
  for (const r of reps > 0 ? summary : []) {
    console.log(
      `| ${r.system} | ${r.target} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} / ${r.p95.toFixed(1)} / ${r.p99.toFixed(1)} | ${r.meanBytes} | ${(r.serverCpu * 100).toFixed(0)}% | ${r.cpuMsPerRequest.toFixed(1)} | ` +
        `${r.target === "bare" ? "—" : r.rpsRatioToBare.toFixed(2)} | ${r.target === "bare" ? "—" : r.p99RatioToBare.toFixed(2)} | ${r.target === "bare" ? "—" : r.cpuPerRequestRatioToBare.toFixed(2)} |${r.generatorBound ? " GEN-BOUND" : ""}${r.errors ? ` ${r.errors} errors` : ""}`,
    );
  }
  mkdirSync(path.dirname(args.out), { recursive: true });
  writeFileSync(
    args.out,
    JSON.stringify({ at: new Date().toISOString(), conns, reps, measureS: measureMs / 1000, warmupS: warmupMs / 1000, compareCwd: args["compare-cwd"] ?? null, summary, runs, sizes, queries }, null, 2) + "\n",
  );
  console.log(`\nwrote ${args.out}`);
  return summary.every((r) => r.errors === 0);
});
