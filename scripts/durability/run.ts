import { parseArgs } from "node:util";
import * as Y from "yjs";
import { loadDocState } from "../../server/services/drafts/doc-store";
import { countEdits, EditingClient, newProvider, paragraphTexts } from "./editing-client";
import { EDITOR_USERS, Harness, runHarnessed } from "./harness";
import { percentile, seededRandom, sleep, waitUntil } from "./util";

// `npm run test:durability` / `npm run test:durability:short` (issue 3).
//
// Clients edit a draft over /collab and wait for each edit's acknowledgement while the
// portal process is killed with SIGKILL at random moments and restarted on the same port.
// Afterwards the portal is restarted cleanly, a fresh client loads the draft, and every
// acknowledged edit must be there exactly once; the database (snapshot + update log, read
// with loadDocState) must say the same. Exit 0 only then.
//
// PostgreSQL is an embedded server started by THIS process (harness.ts), so killing the
// portal never takes the database down with it: a crash of the app server is what is tested.
//
//   --short          N ≥ 30 acknowledged edits, ≥ 3 kills, 85 s limit (runs inside `npm test`)
//   --edits N --kills K --clients C --seed S --timeout SECONDS --keep --verbose

const { values: args } = parseArgs({
  options: {
    short: { type: "boolean", default: false },
    edits: { type: "string" },
    kills: { type: "string" },
    clients: { type: "string" },
    seed: { type: "string" },
    timeout: { type: "string" },
    keep: { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
  },
});

const SHORT = args.short;
const config = {
  /** Minimum acknowledged edits (N). */
  edits: Number(args.edits ?? (SHORT ? 30 : 200)),
  /** Minimum SIGKILL + restart cycles (K). */
  kills: Number(args.kills ?? (SHORT ? 3 : 12)),
  clients: Number(args.clients ?? 3),
  seed: Number(args.seed ?? Math.floor(Math.random() * 2 ** 31)),
  /** Overall limit, seconds: the short run lives inside `npm test`. */
  timeoutS: Number(args.timeout ?? (SHORT ? 85 : 600)),
  /** Kill after a random delay in this range (ms) of normal operation. */
  killDelayMs: [300, 3_000] as [number, number],
  /**
   * The full run also lets every 4th cycle run 10–14 s, past the collab server's
   * maxDebounce (10 s), so onStoreDocument runs: derived outline and log compaction
   * happen — and may be killed midway — under load.
   */
  longCycleEvery: SHORT ? 0 : 4,
  longCycleMs: [10_500, 14_000] as [number, number],
  /** Server down time before the restart begins (clients keep retrying meanwhile), ms. */
  downMs: [0, 500] as [number, number],
  pauseMs: [15, 60] as [number, number],
};
for (const [k, v] of Object.entries({ edits: config.edits, kills: config.kills, clients: config.clients, seed: config.seed, timeout: config.timeoutS })) {
  if (!Number.isFinite(v) || v < 0) {
    console.error(`--${k}: not a number`);
    process.exit(2);
  }
}

const rnd = seededRandom(config.seed);
const h = new Harness({ name: "durability", keep: args.keep, verbose: args.verbose });

// ---- the test ------------------------------------------------------------------------------

interface Outcome {
  ok: boolean;
  lines: string[];
}

function checkDoc(label: string, doc: Y.Doc, acked: Set<string>, attempted: Set<string>) {
  const counts = countEdits(doc);
  const lost = [...acked].filter((t) => !counts.has(t));
  const duplicated = [...counts].filter(([, n]) => n > 1).map(([t, n]) => `${t}×${n}`);
  const unknown = [...counts.keys()].filter((t) => !attempted.has(t));
  const unackedPresent = [...attempted].filter((t) => !acked.has(t) && counts.has(t)).length;
  return { label, counts, lost, duplicated, unknown, unackedPresent, paragraphs: paragraphTexts(doc) };
}

async function main(): Promise<Outcome> {
  const { url, documentName } = h;
  const portal = h.portal;
  const clients: EditingClient[] = [];

  // Clients. `clients` are the live ones; crashed ones move to `retired` (their records count).
  let stop = false;
  let clientError: Error | null = null;
  let serial = 0;
  const retired: EditingClient[] = [];
  const runs: Promise<void>[] = [];
  const spawnClient = () => {
    serial += 1;
    const username = EDITOR_USERS[(serial - 1) % EDITOR_USERS.length]!;
    const c = h.track(new EditingClient({
      index: serial,
      url,
      documentName,
      token: () => h.token(username),
      random: seededRandom(config.seed + serial),
      ackTimeoutMs: 30_000,
      connectTimeoutMs: 45_000,
      pauseMs: config.pauseMs,
      generation: () => portal.generation,
    }));
    clients.push(c);
    runs.push(
      c.run(() => !stop && !clientError).catch((e: Error) => {
        clientError ??= e;
      }),
    );
  };
  const everyClient = () => [...retired, ...clients];
  const totalAcked = () => everyClient().reduce((n, c) => n + c.acknowledged.length, 0);
  const editStart = Date.now();
  for (let i = 0; i < config.clients; i++) spawnClient();

  // Chaos: SIGKILL at random moments, restart on the same port, until N and K are reached.
  // Two kinds of cycle, chosen at random (the first two fixed so both always occur):
  // - reconnect: only the server dies; the clients reconnect and resend what is missing;
  // - crash: every client dies with the server; fresh clients load the draft afterwards, so an
  //   acknowledgement given before the update was durable would show up as a lost edit.
  let kills = 0;
  let crashes = 0;
  const restartMs: number[] = [];
  const killedAtAcked: number[] = [];
  const done = () => totalAcked() >= config.edits && kills >= config.kills;
  while (!done()) {
    if (clientError) throw clientError;
    // Progress first: after a restart, at least one edit must get through before the next kill.
    const before = totalAcked();
    if (!(await waitUntil(() => totalAcked() > before || clientError !== null, 30_000))) {
      throw new Error(`no acknowledged edit within 30 s after restart #${kills} (acknowledged so far: ${before})`);
    }
    if (clientError) throw clientError;
    if (done()) break;
    const long = config.longCycleEvery > 0 && (kills + 1) % config.longCycleEvery === 0;
    const delay = rnd.between(...(long ? config.longCycleMs : config.killDelayMs));
    const crash = kills === 0 ? false : kills === 1 ? true : rnd.next() < 0.5;
    await waitUntil(() => clientError !== null, delay, 20);
    if (clientError) throw clientError;
    await portal.kill();
    kills += 1;
    killedAtAcked.push(totalAcked());
    if (crash) {
      crashes += 1;
      for (const c of clients.splice(0)) {
        c.crash();
        retired.push(c);
      }
    }
    await sleep(rnd.between(...config.downMs));
    const ms = await portal.start();
    restartMs.push(ms);
    if (crash) for (let i = 0; i < config.clients; i++) spawnClient();
    if (args.verbose || kills % 5 === 0 || SHORT) {
      h.log(`kill #${kills} (${crash ? "crash: clients too" : "reconnect"}) after ${(delay / 1000).toFixed(2)} s${long ? " (long cycle)" : ""}; restarted in ${ms} ms; acknowledged so far ${totalAcked()}`);
    }
  }

  // Stop editing; let every client get its outstanding edit acknowledged.
  stop = true;
  await Promise.race([Promise.all(runs), sleep(45_000)]);
  if (clientError) throw clientError;
  const settled = await Promise.all(clients.map((c) => c.settle(30_000)));
  const editSeconds = (Date.now() - editStart) / 1000;
  if (settled.some((s) => !s)) throw new Error(`clients did not settle: ${clients.map((c, i) => `client ${c.index}: ${settled[i]}`).join(", ")}`);

  const all = everyClient();
  const acknowledged = all.flatMap((c) => c.acknowledged);
  const acked = new Set(acknowledged.map((e) => e.text));
  const attempted = new Set(all.flatMap((c) => c.attempted));
  const unacknowledged = all.flatMap((c) => c.unacknowledged);
  const abandoned = all.flatMap((c) => c.abandoned);
  const reconnects = all.reduce((n, c) => n + c.reconnects, 0);
  for (const c of clients) c.destroy();
  clients.length = 0;

  // Clean restart, then a fresh client loads the draft.
  const stopped = await portal.stop();
  const lastStartMs = await portal.start();
  h.log(`clean restart (${stopped} stop), started in ${lastStartMs} ms; loading the draft in a fresh client`);
  const freshDoc = new Y.Doc();
  const freshConnection = h.track(newProvider({ url, documentName, document: freshDoc, token: () => h.token("zhaolixin") }));
  const fresh = freshConnection.provider;
  const loaded = await waitUntil(() => fresh.isSynced, 30_000);
  const fromClient = checkDoc("fresh client", freshDoc, acked, attempted);
  freshConnection.destroy();
  if (!loaded) throw new Error("the fresh client did not sync within 30 s");
  await portal.stop();

  // And straight from the database: snapshot + log, as the server loads it.
  const { db, draft } = h;
  const { state, logLength } = await loadDocState({ db, draftId: draft.id });
  const dbDoc = new Y.Doc();
  Y.applyUpdate(dbDoc, state);
  const fromDb = checkDoc("database", dbDoc, acked, attempted);
  const snapshot = await db.draftSnapshot.findUnique({ where: { draftId: draft.id }, select: { lastUpdateId: true } });
  const sameContent = JSON.stringify(fromClient.paragraphs) === JSON.stringify(fromDb.paragraphs);

  const latencies = acknowledged.map((e) => e.ackMs).sort((a, b) => a - b);
  const N = acked.size;
  const lines: string[] = [];
  lines.push(`mode: ${SHORT ? "short" : "full"}; seed ${config.seed}; clients ${config.clients}`);
  lines.push(`kills (SIGKILL): ${kills}; cycles: ${kills} kill+restart (${kills - crashes} reconnect, ${crashes} crash with clients; +1 clean restart); clients used: ${serial}; restart time avg ${Math.round(restartMs.reduce((a, b) => a + b, 0) / Math.max(1, restartMs.length))} ms`);
  lines.push(`edits: ${attempted.size} made, ${N} acknowledged (${acknowledged.filter((e) => e.acrossRestart).length} of them across a restart), ${abandoned.length} in flight at a crash, ${unacknowledged.length} not acknowledged within 30 s`);
  lines.push(`editing time: ${editSeconds.toFixed(1)} s; ${(N / editSeconds).toFixed(1)} acknowledged edits/s; client reconnects: ${reconnects}`);
  lines.push(`ack latency ms: p50 ${percentile(latencies, 50).toFixed(1)}, p95 ${percentile(latencies, 95).toFixed(1)}, max ${percentile(latencies, 100).toFixed(1)}`);
  lines.push(`database: snapshot lastUpdateId ${snapshot?.lastUpdateId ?? "none"} (0 = never compacted), ${logLength} log rows; portal stderr lines: ${h.portalErrors.length}`);
  for (const l of h.portalErrors.slice(0, 12)) lines.push(`  portal stderr: ${l.slice(0, 300)}`);
  for (const r of [fromClient, fromDb]) {
    lines.push(`${r.label}: lost ${r.lost.length} of ${N}, duplicated ${r.duplicated.length}, unknown ${r.unknown.length}, never-acknowledged edits present ${r.unackedPresent} of ${abandoned.length + unacknowledged.length}`);
  }
  lines.push(`fresh client and database agree: ${sameContent ? "yes" : "NO"}`);
  const lostAll = new Set([...fromClient.lost, ...fromDb.lost]);
  const dupAll = new Set([...fromClient.duplicated, ...fromDb.duplicated]);
  lines.push(`acknowledged edits lost: ${lostAll.size} of ${N}`);
  lines.push(`duplicated: ${dupAll.size}`);
  const ok = N >= config.edits && kills >= config.kills && lostAll.size === 0 && dupAll.size === 0 &&
    fromClient.unknown.length === 0 && fromDb.unknown.length === 0 && sameContent;
  if (lostAll.size) lines.push(`LOST: ${[...lostAll].join(", ")}`);
  if (dupAll.size) lines.push(`DUPLICATED: ${[...dupAll].join(", ")}`);
  if (fromClient.unknown.length || fromDb.unknown.length) lines.push(`UNKNOWN: ${[...fromClient.unknown, ...fromDb.unknown].join(", ")}`);
  if (!ok && lostAll.size) {
    // Where did the lost edits fall relative to the kills? Helps tell a server bug from a harness one.
    lines.push(`kills happened after these acknowledged counts: ${killedAtAcked.join(", ")}`);
  }
  return { ok, lines };
}

h.log(`seed ${config.seed}; ${config.clients} clients; target ≥ ${config.edits} acknowledged edits and ≥ ${config.kills} kills; limit ${config.timeoutS} s`);
await runHarnessed(h, config.timeoutS, async () => {
  const outcome = await main();
  for (const l of outcome.lines) console.log(l);
  const took = ((Date.now() - h.startedAt) / 1000).toFixed(1);
  console.log(outcome.ok ? `PASS (${took} s)` : `FAIL (${took} s)`);
  return outcome.ok;
});
