import { execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statfsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import * as Y from "yjs";
import { documentNameOf, parseStateless, type StatelessMessage } from "../../lib/collab/protocol";
import { mintCollabToken } from "../../server/collab/token";
import { createDraft } from "../../server/services/drafts/create-draft";
import { loadDocState } from "../../server/services/drafts/doc-store";
import { DEMO_PASSWORD } from "../../server/services/demo/seed-demo";
import { countEdits, EditingClient, newProvider, paragraphTexts } from "../durability/editing-client";
import { seededRandom, sleep, waitUntil } from "../durability/util";
import { Cluster, INSTANCE_PORTS, portIn, type Instance } from "../instances/cluster";
import { PortalProcess } from "../durability/portal-process";
import { createDb, type Db } from "../../server/db/client";
import { runningEmbeddedUrl, startEmbeddedPostgres, type EmbeddedDatabase } from "../../server/db/embedded";
import { applyMigrations } from "../../server/db/migrate";
import { seedDemoIfEmpty } from "../../server/services/demo/seed-demo";
import { ApiSession } from "./api";

// `npm run test:faults` (issue #11): the portal as several instances on one PostgreSQL and one
// Redis, attacked with faults while editing clients (real Yjs providers over /collab, each
// waiting for the server's acknowledgement of every edit) type. Every scenario ends by
// reading the draft from PostgreSQL: every acknowledged edit must be there.
//
//   a  cross-instance: clients on A and B converge; a comment made through A's API reaches
//      an SSE subscriber on B; a draft finalized through A turns B's open connection read-only
//   b  Redis stopped (SIGKILL) for 30 s while both instances take edits, then started again
//   c  PostgreSQL stopped while editing: no edit acknowledged while it is down; all stored after
//   d  SIGKILL of the whole portal while editing (the durability harness, scripts/durability)
//   e  rolling restart (SIGTERM A, start, SIGTERM B, start) behind a round-robin balancer
//   f  disk full under PostgreSQL while editing, then space returns (needs root: a tmpfs)
//
//   --fast             the scenarios that fit in `npm test` (a, b with a 6 s outage, c, e)
//   --only a,c         these scenarios
//   --redis-down S     Redis outage in scenario b, seconds (default 30; --fast: 6)
//   --seed S --verbose --keep
//
// Scenario a needs the production build (`next build`): its instances serve web and collab.
// Summary at the end: faults survived, edits acknowledged, acknowledged edits lost (must be 0),
// drafts failing to load afterwards (must be 0). Exit 0 only when every scenario passed.

const { values: args } = parseArgs({
  options: {
    fast: { type: "boolean", default: false },
    only: { type: "string" },
    "redis-down": { type: "string" },
    seed: { type: "string" },
    verbose: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const FAST = args.fast;
const seed = Number(args.seed ?? Math.floor(Math.random() * 2 ** 31));
const redisDownS = Number(args["redis-down"] ?? (FAST ? 6 : 30));
const ALL = ["a", "b", "c", "d", "e", "f"] as const;
type Key = (typeof ALL)[number];
const selected: Key[] = args.only
  ? (args.only.split(",").map((s) => s.trim()) as Key[])
  : FAST ? ["a", "b", "c", "e"] : [...ALL];
for (const k of selected) {
  if (!ALL.includes(k)) {
    console.error(`--only: unknown scenario "${k}" (${ALL.join(", ")})`);
    process.exit(2);
  }
}

const EDITORS = ["zhaolixin", "wuhaiyan"] as const; // head (owner) and deputy head of 提案委员会

interface Result {
  key: Key;
  title: string;
  ok: boolean;
  faults: number;
  acked: number;
  lost: number;
  loadFailures: number;
  lines: string[];
}

const cluster = new Cluster({ name: "faults", verbose: args.verbose, keep: args.keep });
type Users = Map<string, { id: string; sessionVersion: number; memberships: { committeeId: string; role: string }[] }>;
/** The database the scenario's drafts live in, and its demo people (ids differ per database). */
const world: { db: Db | null; users: Users } = { db: null, users: new Map() };
const wdb = () => world.db!;

async function loadUsers(db: Db): Promise<Users> {
  const rows = await db.user.findMany({
    where: { username: { in: [...EDITORS] } },
    select: { id: true, username: true, sessionVersion: true, memberships: { select: { committeeId: true, role: true } } },
  });
  return new Map(rows.map((r) => [r.username, r]));
}

function token(username: string, draftId: string) {
  const u = world.users.get(username)!;
  return mintCollabToken({ userId: u.id, sessionVersion: u.sessionVersion, draftId });
}

async function newDraft(title: string) {
  const owner = world.users.get("zhaolixin")!;
  const actor = await wdb().user.findUniqueOrThrow({ where: { id: owner.id }, select: { id: true, role: true, disabled: true, memberships: { select: { committeeId: true, role: true } } } });
  const committeeId = owner.memberships.find((m) => m.role === "HEAD")!.committeeId;
  const draft = await createDraft({ db: wdb(), actor, meta: {}, source: "blank", input: { title: `故障测试 ${title}`, kind: "SPEECH", committeeId } });
  return draft.id;
}

/** Editing clients of one draft, each on a URL (an instance or the balancer). */
class Crew {
  readonly clients: EditingClient[] = [];
  private stop = false;
  private runs: Promise<void>[] = [];
  error: Error | null = null;
  /** ms from a client losing its connection to being synced again, one entry per reconnect. */
  readonly reconnectMs: number[] = [];

  constructor(readonly draftId: string, urls: string[], o: { ackTimeoutMs?: number; connectTimeoutMs?: number; indexBase?: number } = {}) {
    urls.forEach((url, i) => {
      const username = EDITORS[i % EDITORS.length]!;
      this.clients.push(new EditingClient({
        index: (o.indexBase ?? 0) + i + 1,
        url,
        documentName: documentNameOf(draftId),
        token: () => token(username, draftId),
        random: seededRandom(seed + i),
        ackTimeoutMs: o.ackTimeoutMs ?? 30_000,
        connectTimeoutMs: o.connectTimeoutMs ?? 45_000,
        pauseMs: [40, 120],
        generation: () => 0,
      }));
    });
    for (const c of this.clients) {
      let lostAt: number | null = null;
      c.provider.on("status", ({ status }: { status: string }) => {
        if (status === "disconnected" && lostAt === null) lostAt = performance.now();
      });
      c.provider.on("synced", () => {
        if (lostAt !== null) this.reconnectMs.push(Math.round(performance.now() - lostAt));
        lostAt = null;
      });
    }
  }

  start() {
    this.runs = this.clients.map((c) => c.run(() => !this.stop && !this.error).catch((e: Error) => {
      this.error ??= e;
    }));
  }

  get acked(): string[] {
    return this.clients.flatMap((c) => c.acknowledged.map((e) => e.text));
  }

  async finish(settleMs = 30_000): Promise<void> {
    this.stop = true;
    await Promise.race([Promise.all(this.runs), sleep(45_000)]);
    if (this.error) throw this.error;
    const settled = await Promise.all(this.clients.map((c) => c.settle(settleMs)));
    if (settled.some((s) => !s)) throw new Error(`clients did not settle: ${settled.map((s, i) => `${i + 1}:${s ? "settled" : this.clients[i]!.describe()}`).join("; ")}`);
  }

  converged(): boolean {
    const first = JSON.stringify(paragraphTexts(this.clients[0]!.doc));
    return this.clients.every((c) => JSON.stringify(paragraphTexts(c.doc)) === first);
  }

  destroy() {
    for (const c of this.clients) c.destroy();
  }
}

/** The draft as PostgreSQL has it (snapshot + log): which acknowledged edits are missing. */
async function storedCheck(draftId: string, acked: string[]) {
  const { state } = await loadDocState({ db: wdb(), draftId });
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const counts = countEdits(doc);
  const lost = acked.filter((t) => !counts.has(t));
  const duplicated = [...counts].filter(([, n]) => n > 1).length;
  return { lost, duplicated, paragraphs: paragraphTexts(doc).length };
}

/** A fresh client loads the draft through `url` (a draft that fails to load counts). */
async function loadsFresh(draftId: string, url: string): Promise<boolean> {
  const doc = new Y.Doc();
  const conn = newProvider({ url, documentName: documentNameOf(draftId), document: doc, token: () => token("zhaolixin", draftId) });
  try {
    return await waitUntil(() => conn.provider.isSynced, 30_000);
  } finally {
    conn.destroy();
    doc.destroy();
  }
}

async function verdict(r: Omit<Result, "ok" | "lost" | "loadFailures" | "acked">, draftId: string, acked: string[], url: string, extraOk = true): Promise<Result> {
  const stored = await storedCheck(draftId, acked);
  const loads = await loadsFresh(draftId, url);
  r.lines.push(`stored: ${stored.paragraphs} paragraphs; acknowledged ${acked.length}, lost ${stored.lost.length}, duplicated ${stored.duplicated}; fresh load ${loads ? "ok" : "FAILED"}`);
  if (stored.lost.length) r.lines.push(`LOST: ${stored.lost.join(", ")}`);
  return {
    ...r,
    acked: acked.length,
    lost: stored.lost.length,
    loadFailures: loads ? 0 : 1,
    ok: extraOk && stored.lost.length === 0 && stored.duplicated === 0 && loads,
  };
}

async function pollFor<T>(f: () => Promise<T | null>, timeoutMs: number): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v !== null || Date.now() > deadline) return v;
    await sleep(200);
  }
}

const ms = (t0: number) => Math.round(performance.now() - t0);

// ---- a: cross-instance ---------------------------------------------------------------------

async function scenarioA(): Promise<Result> {
  const lines: string[] = [];
  const [A, B] = [await cluster.addInstance({ name: "A", services: "web,collab" }), await cluster.addInstance({ name: "B", services: "web,collab" })] as [Instance, Instance];
  const draftId = await newDraft("a");
  let ok = true;
  const check = (cond: boolean, what: string) => {
    lines.push(`${cond ? "✓" : "✗"} ${what}`);
    if (!cond) ok = false;
  };

  // Two probe connections (one per instance) that watch stateless messages.
  const probes = [A, B].map((i) => {
    const doc = new Y.Doc();
    const conn = newProvider({ url: i.collabUrl, documentName: documentNameOf(draftId), document: doc, token: () => token("wuhaiyan", draftId) });
    const messages: StatelessMessage[] = [];
    conn.provider.on("stateless", ({ payload }: { payload: string }) => {
      const m = parseStateless(payload);
      if (m) messages.push(m);
    });
    return { doc, conn, messages, instance: i };
  });
  const crew = new Crew(draftId, [A.collabUrl, B.collabUrl, A.collabUrl, B.collabUrl]);
  try {
    check(await waitUntil(() => probes.every((p) => p.conn.provider.isSynced), 30_000), "probes on A and B synced");
    // A section to comment on: a heading (the outline row follows once changes settle, ≤ 10 s).
    const heading = new Y.XmlElement("heading");
    heading.setAttribute("level", 1 as unknown as string);
    heading.setAttribute("sid", "faultsA1");
    heading.insert(0, [new Y.XmlText("一、多实例")]);
    probes[0]!.doc.getXmlFragment("default").insert(0, [heading]);

    // Convergence of single edits, both directions, bounded at 1 s each.
    const times: number[] = [];
    let within = true;
    for (let n = 0; n < 6; n++) {
      const [from, to] = n % 2 === 0 ? [probes[0]!, probes[1]!] : [probes[1]!, probes[0]!];
      const text = `probe-${from.instance.name}-${n}`;
      const p = new Y.XmlElement("paragraph");
      p.insert(0, [new Y.XmlText(text)]);
      const t0 = performance.now();
      from.doc.getXmlFragment("default").push([p]);
      const seen = await waitUntil(() => paragraphTexts(to.doc).includes(text), 1_000, 2);
      times.push(ms(t0));
      if (!seen) within = false;
    }
    check(within, `single edits reach the other instance's client within 1 s (${times.join(", ")} ms)`);

    // Four clients (two per instance) type at once; after they stop, all converge within 1 s.
    crew.start();
    await sleep(FAST ? 4_000 : 10_000);
    await crew.finish();
    const t0 = performance.now();
    const converged = await waitUntil(() => crew.converged() && probes.every((p) => JSON.stringify(paragraphTexts(p.doc)) === JSON.stringify(paragraphTexts(crew.clients[0]!.doc))), 1_000, 2);
    check(converged, `4 editing clients (2 on A, 2 on B) and both probes converge within 1 s of the last acknowledgement (${ms(t0)} ms; ${crew.acked.length} edits)`);

    // A comment through A's API reaches a live (SSE) subscriber on B.
    const apiA = new ApiSession(A.httpUrl);
    const apiB = new ApiSession(B.httpUrl);
    await apiA.signIn("zhaolixin", DEMO_PASSWORD);
    await apiB.signIn("wuhaiyan", DEMO_PASSWORD);
    const seen: string[] = [];
    const sub = await apiB.subscribe("comments.onChange", { draftId }, (raw) => seen.push(raw));
    try {
      const section = await pollFor(() => cluster.db.draftSection.findFirst({ where: { draftId, sid: "faultsA1" }, select: { sid: true } }), 20_000);
      if (!section) throw new Error("the test draft's heading did not become a section within 20 s");
      const t1 = performance.now();
      const created = await apiA.mutate<{ threadId: string }>("comments.create", { draftId, sid: section.sid, body: "多实例：经 A 提交的批注" });
      const arrived = await waitUntil(() => seen.some((s) => s.includes(created.threadId)), 10_000);
      check(arrived, `a comment created through A's API reached B's comments.onChange subscriber (${ms(t1)} ms)`);
    } finally {
      sub.abort();
    }

    // Finalized through A (one-stage rule: the owner signs): B's open connection turns read-only.
    const owner = world.users.get("zhaolixin")!;
    await apiA.mutate("signoff.setRule", { draftId, stages: [{ name: "主任", signerIds: [owner.id], threshold: "ALL" }], gate: "WARN" });
    const version = await apiA.mutate<{ versionId: string; hash: string }>("versions.freeze", { draftId, label: "定稿", note: "" });
    await apiA.mutate("signoff.request", { draftId, versionId: version.versionId, acknowledgeOpenThreads: true });
    const status = await apiA.query<{ round: { id: string; versionHash: string } }>("signoff.status", { draftId });
    const t2 = performance.now();
    await apiA.mutate("signoff.sign", { draftId, roundId: status.round.id, versionId: version.versionId, hashSeen: status.round.versionHash, decision: "APPROVE", password: DEMO_PASSWORD });
    const readOnlyOnB = await waitUntil(() => probes[1]!.messages.some((m) => m.type === "access" && m.readOnly), 10_000);
    check(readOnlyOnB, `finalized through A: B's open connection got access readOnly (${ms(t2)} ms)`);
    const final = await cluster.db.draft.findUniqueOrThrow({ where: { id: draftId }, select: { status: true } });
    check(final.status === "FINAL", `draft status ${final.status}`);

    // And an edit B's client makes afterwards is not stored.
    const late = new Y.XmlElement("paragraph");
    late.insert(0, [new Y.XmlText("after-final")]);
    probes[1]!.doc.getXmlFragment("default").push([late]);
    await sleep(1_500);
    const { state } = await loadDocState({ db: cluster.db, draftId });
    const stored = new Y.Doc();
    Y.applyUpdate(stored, state);
    check(!paragraphTexts(stored).includes("after-final"), "an edit on B after 定稿 was not stored");

    return await verdict({ key: "a", title: "two instances: co-editing, live comment, read-only at 定稿", faults: 0, lines }, draftId, crew.acked, A.collabUrl, ok);
  } finally {
    crew.destroy();
    for (const p of probes) p.conn.destroy();
    await cluster.removeInstances();
  }
}

// ---- b: Redis outage -----------------------------------------------------------------------

async function scenarioB(): Promise<Result> {
  const lines: string[] = [];
  const redis = cluster.redis;
  if (!redis) throw new Error("scenario b needs our own redis-server (unset REDIS_URL)");
  const [A, B] = [await cluster.addInstance({ name: "A" }), await cluster.addInstance({ name: "B" })] as [Instance, Instance];
  const draftId = await newDraft("b");
  const crew = new Crew(draftId, [A.collabUrl, B.collabUrl, A.collabUrl, B.collabUrl]);
  try {
    crew.start();
    await waitUntil(() => crew.acked.length >= 8 || crew.error !== null, 30_000);
    await sleep(1_000);
    const before = crew.acked.length;
    await redis.stop();
    lines.push(`Redis stopped (SIGKILL) after ${before} acknowledged edits; down for ${redisDownS} s`);
    await sleep(redisDownS * 1000);
    // The hardest case: typing stops before Redis returns, so no new edit carries the two
    // sides' differences across; the instances must exchange them by themselves.
    await crew.finish();
    const during = crew.acked.length - before;
    const divergedBefore = !crew.converged();
    await redis.start();
    const t0 = performance.now();
    lines.push(`Redis started again; ${during} edits were acknowledged while it was down (each instance stores its own); clients ${divergedBefore ? "had diverged" : "had NOT diverged"}; nobody types now`);
    const converged = await waitUntil(() => crew.converged(), 15_000, 5);
    lines.push(`${converged ? "✓" : "✗"} all 4 clients (2 on A, 2 on B) converged ${converged ? `${ms(t0)} ms after Redis returned` : "— NOT within 15 s of Redis returning"}`);
    return await verdict({ key: "b", title: `Redis down ${redisDownS} s during editing`, faults: 1, lines }, draftId, crew.acked, B.collabUrl, converged && during > 0 && divergedBefore);
  } finally {
    crew.destroy();
    await redis.start().catch(() => {});
    await cluster.removeInstances();
  }
}

// ---- c: PostgreSQL restart -----------------------------------------------------------------

async function scenarioC(): Promise<Result> {
  const lines: string[] = [];
  if (!cluster.ownsDatabase) throw new Error("scenario c needs our own embedded PostgreSQL (unset DATABASE_URL)");
  const [A, B] = [await cluster.addInstance({ name: "A" }), await cluster.addInstance({ name: "B" })] as [Instance, Instance];
  const draftId = await newDraft("c");
  // Long acknowledgement wait: an edit made while the database is down waits for it.
  const crew = new Crew(draftId, [A.collabUrl, B.collabUrl, A.collabUrl, B.collabUrl], { ackTimeoutMs: 60_000, connectTimeoutMs: 60_000 });
  try {
    crew.start();
    await waitUntil(() => crew.acked.length >= 8 || crew.error !== null, 30_000);
    await sleep(1_000);
    const t0 = performance.now();
    await cluster.stopDatabase();
    await sleep(200); // an acknowledgement already on the wire when the database stopped
    const atStop = crew.acked.length;
    lines.push(`PostgreSQL stopped in ${ms(t0)} ms after ${atStop} acknowledged edits`);
    await sleep(FAST ? 6_000 : 12_000);
    const whileDown = crew.acked.length - atStop;
    const pending = crew.clients.reduce((n, c) => n + (c.provider.unsyncedChanges > 0 ? 1 : 0), 0);
    const started = await cluster.startDatabase();
    const t1 = performance.now();
    lines.push(`${whileDown === 0 ? "✓" : "✗"} edits acknowledged while PostgreSQL was down: ${whileDown}; clients with unsaved edits then: ${pending}`);
    lines.push(`PostgreSQL started again in ${started} ms`);
    const resumed = await waitUntil(() => crew.acked.length > atStop + 4 || crew.error !== null, 30_000);
    lines.push(`${resumed ? "✓" : "✗"} editing resumed ${resumed ? `${ms(t1)} ms after the restart` : "— NOT within 30 s"}`);
    await sleep(2_000);
    await crew.finish();
    const converged = await waitUntil(() => crew.converged(), 10_000, 5);
    lines.push(`${converged ? "✓" : "✗"} clients converged`);
    return await verdict({ key: "c", title: "PostgreSQL stopped and started during editing", faults: 1, lines }, draftId, crew.acked, A.collabUrl, whileDown === 0 && resumed && converged);
  } finally {
    crew.destroy();
    await cluster.startDatabase().catch(() => {});
    await cluster.removeInstances();
  }
}

// ---- d: SIGKILL of the whole portal --------------------------------------------------------
//
// Two parts. 1. The durability harness (scripts/durability, short): the collab server is
// SIGKILLed and restarted many times while the database lives on. 2. Here: a portal as
// `npm start` runs it with no DATABASE_URL — its embedded PostgreSQL is its own child, in its
// process group — is SIGKILLed as a whole (database included) while clients type, and started
// again with nothing done by hand (the next start finds the dead database's folder and starts
// it afresh). The clients die with it each time (so nothing they hold can be resent); fresh
// ones continue. Every edit acknowledged before a kill must be in the database afterwards.

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

async function wholePortalKills(lines: string[]): Promise<{ ok: boolean; kills: number; acked: number; lost: number; loadFailures: number }> {
  const dataDir = path.join(cluster.tmp, "whole");
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o755);
  const port = await portIn(INSTANCE_PORTS);
  const portal = new PortalProcess({
    cwd: process.cwd(),
    port,
    services: "collab",
    name: "whole",
    logDir: path.join(cluster.tmp, "logs"),
    env: { DATABASE_URL: "", REDIS_URL: "", DATA_DIR: dataDir, AUTH_SECRET: cluster.authSecret, AUDIT_KEY: cluster.auditKey, SEED_DEMO: "true", HOST: "127.0.0.1", NODE_ENV: "production" },
  });
  const url = `ws://127.0.0.1:${port}/collab`;
  cluster.instances.push({ name: "whole", port, portal, collabUrl: url, httpUrl: `http://127.0.0.1:${port}` });
  const saved = { ...world };
  const rnd = seededRandom(seed ^ 0x5eed);
  const acked: string[] = [];
  let kills = 0;
  let db: Db | null = null;
  const connect = () => {
    const u = runningEmbeddedUrl(dataDir);
    if (!u) throw new Error("the portal's embedded PostgreSQL is not running");
    return createDb(u);
  };
  try {
    const first = await portal.start(120_000);
    db = connect();
    world.db = db;
    world.users = await loadUsers(db);
    const draftId = await newDraft("d");
    await db.$disconnect();
    db = null;
    lines.push(`portal with its own embedded PostgreSQL started in ${first} ms`);
    const cycles = FAST ? 2 : 4;
    for (let k = 0; k < cycles; k++) {
      const crew = new Crew(draftId, [url, url, url], { indexBase: 100 * (k + 1) });
      crew.start();
      await waitUntil(() => crew.acked.length >= 5 || crew.error !== null, 45_000);
      if (crew.error) throw crew.error;
      await sleep(rnd.between(200, 1_500));
      const pidFile = path.join(dataDir, "postgres", "postmaster.pid");
      const pgPid = existsSync(pidFile) ? Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10) : NaN;
      await portal.kill();
      for (const c of crew.clients) c.crash();
      acked.push(...crew.acked);
      crew.destroy();
      kills += 1;
      const pgGone = Number.isFinite(pgPid) && (await waitUntil(() => !pidAlive(pgPid), 5_000));
      const t = await portal.start(120_000);
      lines.push(`${pgGone ? "✓" : "✗"} SIGKILL #${kills} of the portal's process group (${acked.length} acknowledged so far): its PostgreSQL (PID ${pgPid}) ${pgGone ? "died with it" : "DID NOT die"}; started again, no hand work, in ${t} ms`);
      if (!pgGone) throw new Error("the embedded PostgreSQL survived the SIGKILL of its portal's process group");
    }
    db = connect();
    world.db = db;
    const r = await verdict({ key: "d", title: "", faults: kills, lines }, draftId, acked, url);
    return { ok: r.ok, kills, acked: r.acked, lost: r.lost, loadFailures: r.loadFailures };
  } finally {
    await db?.$disconnect().catch(() => {});
    Object.assign(world, saved);
    await portal.stop(20_000);
    cluster.instances.splice(cluster.instances.findIndex((i) => i.portal === portal), 1);
  }
}

async function scenarioD(): Promise<Result> {
  const lines: string[] = [];
  const out: string[] = [];
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/durability/run.ts", "--short", "--seed", String(seed)], { stdio: ["ignore", "pipe", "pipe"] });
    for (const s of [child.stdout, child.stderr]) s.on("data", (b: Buffer) => {
      for (const l of b.toString().split("\n")) if (l.trim()) {
        out.push(l);
        if (args.verbose) console.log(`  durability| ${l}`);
      }
    });
    child.on("exit", (c) => resolve(c ?? 1));
  });
  const grab = (re: RegExp) => out.map((l) => re.exec(l)).find(Boolean);
  const kills = Number(grab(/^kills \(SIGKILL\): (\d+)/)?.[1] ?? 0);
  const lostM = grab(/^acknowledged edits lost: (\d+) of (\d+)/);
  lines.push("1. collab server SIGKILLed, database lives on (scripts/durability --short):");
  for (const l of out.filter((l) => /^(kills|edits|acknowledged edits lost|fresh client|PASS|FAIL)/.test(l))) lines.push(`   ${l}`);
  if (code !== 0) lines.push(...out.slice(-15));
  lines.push("2. the whole portal SIGKILLed, its embedded PostgreSQL included:");
  const whole = await wholePortalKills(lines);
  return {
    key: "d",
    title: "SIGKILL during editing: the collab server, and the whole portal with its database",
    ok: code === 0 && whole.ok,
    faults: kills + whole.kills,
    acked: Number(lostM?.[2] ?? 0) + whole.acked,
    lost: Number(lostM?.[1] ?? (code === 0 ? 0 : NaN)) + whole.lost,
    loadFailures: (code === 0 ? 0 : 1) + whole.loadFailures,
    lines,
  };
}

// ---- e: rolling restart --------------------------------------------------------------------

async function scenarioE(): Promise<Result> {
  const lines: string[] = [];
  await cluster.addInstance({ name: "A" });
  await cluster.addInstance({ name: "B" });
  const lb = await cluster.startBalancer();
  const draftId = await newDraft("e");
  const crew = new Crew(draftId, [lb, lb, lb, lb]);
  const reconnectMs: number[] = [];
  let ok = true;
  try {
    crew.start();
    await waitUntil(() => crew.acked.length >= 8 || crew.error !== null, 30_000);
    for (const instance of [...cluster.instances]) {
      await sleep(1_500);
      const before = crew.reconnectMs.length;
      const t0 = performance.now();
      const how = await instance.portal.stop(20_000);
      const stopMs = ms(t0);
      // The clients whose socket went through this instance reconnect through the balancer to
      // the other one: each must be synced again within 10 s of losing its connection.
      const back = await waitUntil(() => crew.clients.every((c) => c.provider.isSynced && c.provider.isAuthenticated && c.provider.unsyncedChanges <= 1), 10_000, 5);
      const times = crew.reconnectMs.slice(before);
      reconnectMs.push(...times);
      const slow = times.filter((t) => t > 10_000);
      lines.push(`${back && !slow.length ? "✓" : "✗"} SIGTERM ${instance.name} (${how}, exited after ${stopMs} ms): ${times.length} clients reconnected, in ${times.join(", ")} ms`);
      if (!back || slow.length || times.length === 0) ok = false;
      const restart = await instance.portal.start(60_000);
      lines.push(`  ${instance.name} started again in ${restart} ms`);
    }
    await sleep(2_000);
    await crew.finish();
    const converged = await waitUntil(() => crew.converged(), 10_000, 5);
    lines.push(`${converged ? "✓" : "✗"} clients converged; reconnect time max ${Math.max(...reconnectMs)} ms (bound 10 s)`);
    return await verdict({ key: "e", title: "rolling restart (SIGTERM A, then B) behind a round-robin balancer", faults: 2, lines }, draftId, crew.acked, lb, ok && converged);
  } finally {
    crew.destroy();
    await cluster.balancer?.stop();
    cluster.balancer = null;
    await cluster.removeInstances();
  }
}

// ---- f: disk full --------------------------------------------------------------------------
//
// PostgreSQL's data folder on a small tmpfs of our own; while clients type, a file fills the
// disk. The update log can no longer grow: edits stay unacknowledged (the editor shows
// 未保存) instead of being acknowledged and lost. The file is removed: the waiting edits are
// stored and editing goes on. Needs root (mount); skipped otherwise.

async function scenarioF(): Promise<Result> {
  const lines: string[] = [];
  const title = "disk full under PostgreSQL during editing, then space returns";
  if (process.getuid?.() !== 0) {
    return { key: "f", title, ok: true, faults: 0, acked: 0, lost: 0, loadFailures: 0, lines: ["skipped: mounting a small tmpfs needs root"] };
  }
  const mnt = path.join(cluster.tmp, "small-disk");
  try {
    cluster.mountTmpfs(mnt, 160);
  } catch (e) {
    return { key: "f", title, ok: true, faults: 0, acked: 0, lost: 0, loadFailures: 0, lines: [`skipped: cannot mount a tmpfs here (${(e as Error).message.split("\n")[0]})`] };
  }
  cluster.extraPgDirs.push(mnt);
  const saved = { ...world };
  let pg: EmbeddedDatabase | null = null;
  let db: Db | null = null;
  let crew: Crew | null = null;
  const filler = path.join(mnt, "filler");
  try {
    const pgPort = await portIn([5490, 5499]);
    pg = await startEmbeddedPostgres({ dataDir: mnt, port: pgPort, ownSignals: true, log: () => {} });
    await applyMigrations(pg.url);
    db = createDb(pg.url);
    await seedDemoIfEmpty({ db });
    world.db = db;
    world.users = await loadUsers(db);
    const F = await cluster.addInstance({ name: "F", databaseUrl: pg.url });
    const draftId = await newDraft("f");
    crew = new Crew(draftId, [F.collabUrl, F.collabUrl], { ackTimeoutMs: 120_000, connectTimeoutMs: 120_000 });
    crew.start();
    await waitUntil(() => crew!.acked.length >= 8 || crew!.error !== null, 30_000);
    const { bavail, bsize } = statfsSync(mnt);
    execFileSync("fallocate", ["-l", String(bavail * bsize), filler]);
    const atFull = crew.acked.length;
    lines.push(`disk filled (${Math.round((bavail * bsize) / 1048576)} MB) after ${atFull} acknowledged edits`);
    // Stalled: no acknowledgement for 3 s while the clients keep an edit waiting.
    let last = crew.acked.length;
    let since = performance.now();
    const stalled = await waitUntil(() => {
      if (crew!.acked.length !== last) {
        last = crew!.acked.length;
        since = performance.now();
      }
      return performance.now() - since > 3_000 && crew!.clients.some((c) => c.provider.unsyncedChanges > 0);
    }, 60_000, 50);
    const atStall = crew.acked.length;
    lines.push(`${stalled ? "✓" : "✗"} edits stopped being acknowledged once the table could not grow (${atStall - atFull} more were, into space already allocated); clients waiting with unsaved edits: ${crew.clients.filter((c) => c.provider.unsyncedChanges > 0).length}`);
    await sleep(3_000);
    const whileFull = crew.acked.length - atStall;
    lines.push(`edits acknowledged in the next 3 s while still full: ${whileFull}`);
    rmSync(filler);
    // PostgreSQL stops itself (PANIC) when it cannot write its WAL; a service manager starts
    // it again (systemd: Restart=on-failure). Do the same when it is gone.
    const alive = await Promise.race([db.$queryRawUnsafe("SELECT 1").then(() => true, () => false), sleep(5_000).then(() => false)]);
    if (!alive) {
      await Promise.race([pg.stop().catch(() => {}), sleep(5_000)]);
      pg = await startEmbeddedPostgres({ dataDir: mnt, port: pgPort, ownSignals: true, log: () => {} });
      lines.push("PostgreSQL had stopped itself (no space for its WAL): started again, as its service manager would");
    } else lines.push("PostgreSQL stayed up");
    const t0 = performance.now();
    const resumed = await waitUntil(() => crew!.acked.length > atStall + whileFull + 4 || crew!.error !== null, 60_000);
    lines.push(`${resumed ? "✓" : "✗"} space returned: editing resumed ${resumed ? `after ${ms(t0)} ms` : "— NOT within 60 s"}`);
    await sleep(1_000);
    await crew.finish();
    const r = await verdict({ key: "f", title, faults: 1, lines }, draftId, crew.acked, F.collabUrl, stalled && resumed);
    return r;
  } finally {
    crew?.destroy();
    rmSync(filler, { force: true });
    Object.assign(world, saved);
    await cluster.removeInstances();
    await db?.$disconnect().catch(() => {});
    await pg?.stop().catch((e) => console.error("small-disk postgres stop:", e));
    cluster.unmount(mnt);
  }
}

const SCENARIOS: Record<Key, () => Promise<Result>> = { a: scenarioA, b: scenarioB, c: scenarioC, d: scenarioD, e: scenarioE, f: scenarioF };

async function main(): Promise<boolean> {
  if (selected.includes("a") && !existsSync(".next/BUILD_ID")) {
    throw new Error("scenario a serves web pages: run `npm run build` first (or --only b,c,d,e)");
  }
  await cluster.setup();
  world.db = cluster.db;
  world.users = await loadUsers(cluster.db);
  cluster.log(`seed ${seed}; PostgreSQL ${cluster.databaseUrl.replace(/:[^:@/]*@/, ":***@")}; Redis ${cluster.redisUrl}; scenarios ${selected.join(", ")}`);

  const results: Result[] = [];
  for (const key of selected) {
    const t0 = Date.now();
    cluster.log(`scenario ${key} …`);
    let r: Result;
    try {
      r = await SCENARIOS[key]();
    } catch (e) {
      r = { key, title: "(failed to run)", ok: false, faults: 0, acked: 0, lost: 0, loadFailures: 0, lines: [`ERROR ${(e as Error).stack ?? e}`] };
    }
    console.log(`\n── ${key}: ${r.title} — ${r.ok ? "PASS" : "FAIL"} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    for (const l of r.lines) console.log(`   ${l}`);
    results.push(r);
  }
  if (cluster.errors.length) {
    console.log(`\ninstance stderr lines: ${cluster.errors.length}`);
    for (const l of cluster.errors.slice(0, 15)) console.log(`  ${l.slice(0, 300)}`);
  }
  if (cluster.crashes.length) {
    console.log(`\nINSTANCES THAT CRASHED: ${cluster.crashes.length} (each fails the run)`);
    for (const c of cluster.crashes) console.log(c.split("\n").map((l) => `  ${l.slice(0, 300)}`).join("\n"));
  }
  const sum = (f: (r: Result) => number) => results.reduce((n, r) => n + f(r), 0);
  const okAll = results.every((r) => r.ok) && cluster.crashes.length === 0;
  console.log("\n━━ faults summary ━━");
  console.log(`scenarios: ${results.filter((r) => r.ok).length} of ${results.length} passed (${results.map((r) => `${r.key} ${r.ok ? "✓" : "✗"}`).join(", ")})`);
  console.log(`faults survived: ${sum((r) => (r.ok ? r.faults : 0))} of ${sum((r) => r.faults)}`);
  console.log(`edits acknowledged: ${sum((r) => r.acked)}`);
  console.log(`acknowledged edits lost: ${sum((r) => r.lost)}`);
  console.log(`drafts failing to load: ${sum((r) => r.loadFailures)}`);
  console.log(`instances crashed: ${cluster.crashes.length}`);
  console.log(okAll ? `PASS (${((Date.now() - cluster.startedAt) / 1000).toFixed(1)} s)` : "FAIL");
  return okAll;
}

const hardStop = setTimeout(() => {
  console.error("faults: hard stop after 15 minutes");
  process.exit(1);
}, 15 * 60_000);
let code = 1;
try {
  code = (await main()) ? 0 : 1;
} catch (e) {
  console.error(`\nFAIL: ${(e as Error).stack ?? e}`);
} finally {
  await cluster.cleanup();
  clearTimeout(hardStop);
}
process.exit(code);
