import { parseArgs } from "node:util";
import { EditingClient } from "../scripts/durability/editing-client";
import { EDITOR_USERS, Harness, runHarnessed } from "../scripts/durability/harness";
import { percentile, seededRandom, waitUntil } from "../scripts/durability/util";

// How long until 已保存? Acknowledgement latency and throughput of /collab without chaos:
// C clients each make an edit, wait for the server's acknowledgement (the update is in the
// DraftUpdate log by then), pause, repeat, for S seconds. Same harness as the durability
// test: embedded PostgreSQL in this process, the portal (collab only) as a child process.
//
//   npx tsx bench/collab-ack.ts [--clients 3] [--seconds 20] [--pause-ms 20] [--ack-timeout-ms 10000]
//
// The server allows 60 update messages per second per connection (burst 240); a pause
// under ~17 ms exceeds that and the connection is refused with 4429 RATE_LIMITED, which
// this bench reports as edits not acknowledged in time.

const { values: args } = parseArgs({
  options: {
    clients: { type: "string", default: "3" },
    seconds: { type: "string", default: "20" },
    "pause-ms": { type: "string", default: "20" },
    "ack-timeout-ms": { type: "string", default: "10000" },
    seed: { type: "string", default: "1" },
    verbose: { type: "boolean", default: false },
  },
});
const clientsN = Number(args.clients);
const seconds = Number(args.seconds);
const pause = Number(args["pause-ms"]);
const ackTimeoutMs = Number(args["ack-timeout-ms"]);
const seed = Number(args.seed);

const h = new Harness({ name: "bench-collab-ack", verbose: args.verbose });

await runHarnessed(h, seconds + 120, async () => {
  let stop = false;
  const clients = Array.from({ length: clientsN }, (_, i) => {
    const username = EDITOR_USERS[i % EDITOR_USERS.length]!;
    return h.track(
      new EditingClient({
        index: i + 1,
        url: h.url,
        documentName: h.documentName,
        token: () => h.token(username),
        random: seededRandom(seed + i),
        ackTimeoutMs,
        connectTimeoutMs: 30_000,
        pauseMs: [pause, pause + 0.001],
        generation: () => h.portal.generation,
      }),
    );
  });
  const started = Date.now();
  const errors: string[] = [];
  const runs = clients.map((c) => c.run(() => !stop).catch((e: Error) => void errors.push(e.message)));
  await waitUntil(() => errors.length > 0, seconds * 1000, 50);
  stop = true;
  await Promise.all(runs);
  const elapsed = (Date.now() - started) / 1000;
  const acked = clients.flatMap((c) => c.acknowledged);
  const late = clients.flatMap((c) => c.unacknowledged);
  const ms = acked.map((e) => e.ackMs).sort((a, b) => a - b);
  const rows = await h.db.draftUpdate.count({ where: { draftId: h.draft.id } });
  const snap = await h.db.draftSnapshot.findUnique({ where: { draftId: h.draft.id }, select: { lastUpdateId: true } });
  console.log(`clients ${clientsN}, pause ${pause} ms, ${elapsed.toFixed(1)} s`);
  console.log(`acknowledged edits: ${acked.length} (${(acked.length / elapsed).toFixed(1)}/s total, ${(acked.length / elapsed / clientsN).toFixed(1)}/s per client); not acknowledged within ${ackTimeoutMs} ms: ${late.length}`);
  console.log(`ack latency ms: p50 ${percentile(ms, 50).toFixed(1)}, p95 ${percentile(ms, 95).toFixed(1)}, p99 ${percentile(ms, 99).toFixed(1)}, max ${percentile(ms, 100).toFixed(1)}`);
  console.log(`database: ${rows} log rows, snapshot lastUpdateId ${snap?.lastUpdateId ?? "none"}; portal stderr lines ${h.portalErrors.length}`);
  for (const l of h.portalErrors.slice(0, 8)) console.log(`  portal stderr: ${l.slice(0, 200)}`);
  for (const e of errors) console.log(`client error: ${e}`);
  return errors.length === 0 && late.length === 0;
});
