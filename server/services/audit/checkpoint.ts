import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { getDb, type Db } from "../../db/client";
import { env } from "../../env";
import { CHAIN_LOCK, GENESIS, walkChain, type ChainPosition, type ExpectedHead } from "./chain";
import { canonicalJson } from "./hash";
import { auditKeyForChecking, auditKeyId } from "./key";

// A signed checkpoint of the chain head, kept OUTSIDE the database (DATA_DIR/audit-checkpoint.json):
// the last event's id and hash, how many events the chain had, and an HMAC over them with the
// audit key. Deleting the newest events, or the whole table, leaves the database consistent
// with itself; it no longer reaches the checkpoint, and `npm run audit:verify` says so.
//
// Written after audited transactions commit (scheduleAuditCheckpoint, called by
// recordAuditEvent): the writer first waits for the chain lock (so the transaction that asked
// has committed), then, under a lock of its own, re-reads the file, checks that the chain still
// contains the event it names and that every newer event is sound, and only then replaces the
// file (temporary file, fsync, rename). It never moves backwards and never signs a chain that
// does not extend the one it signed before: then it refuses, keeps the file as evidence, and logs.

export const CHECKPOINT_FILE = "audit-checkpoint.json";
const CHECKPOINT_LOCK = 727_274_003;

const ZCheckpoint = z.object({
  format: z.literal(1),
  lastId: z.string().regex(/^\d{1,19}$/),
  lastHash: z.string().regex(/^[0-9a-f]{64}$/),
  count: z.number().int().min(1),
  keyedFrom: z.string().regex(/^\d{1,19}$/).nullable(),
  at: z.string().min(1).max(40),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  mac: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Checkpoint = z.infer<typeof ZCheckpoint>;

export type CheckpointStatus =
  | { state: "none"; file: string }
  /** unreadable: not a checkpoint; otherKey: signed with another audit key; signature: altered. */
  | { state: "invalid"; file: string; why: "unreadable" | "otherKey" | "signature" }
  | { state: "ok"; file: string; checkpoint: Checkpoint };

export function checkpointFile(dataDir: string = env().DATA_DIR): string {
  return path.join(path.resolve(dataDir), CHECKPOINT_FILE);
}

function mac(key: string, c: Omit<Checkpoint, "mac">): string {
  return createHmac("sha256", key).update("xieshen audit checkpoint\n").update(canonicalJson(c)).digest("hex");
}

export function signCheckpoint(key: string, head: ChainPosition & { lastId: bigint }, at = new Date()): Checkpoint {
  const body = {
    format: 1 as const,
    lastId: head.lastId.toString(),
    lastHash: head.lastHash,
    count: head.count,
    keyedFrom: head.keyedFrom?.toString() ?? null,
    at: at.toISOString(),
    keyId: auditKeyId(key),
  };
  return { ...body, mac: mac(key, body) };
}

/** Checks a checkpoint's form and signature (from the data folder or an exported copy). */
export function parseCheckpoint(text: string, key: string, file: string): CheckpointStatus {
  let parsed;
  try {
    parsed = ZCheckpoint.safeParse(JSON.parse(text));
  } catch {
    return { state: "invalid", file, why: "unreadable" };
  }
  if (!parsed.success) return { state: "invalid", file, why: "unreadable" };
  const { mac: given, ...body } = parsed.data;
  if (body.keyId !== auditKeyId(key)) return { state: "invalid", file, why: "otherKey" };
  const want = Buffer.from(mac(key, body), "hex");
  if (!timingSafeEqual(want, Buffer.from(given, "hex"))) return { state: "invalid", file, why: "signature" };
  return { state: "ok", file, checkpoint: parsed.data };
}

export function readCheckpoint(file: string, key: string): CheckpointStatus {
  if (!existsSync(file)) return { state: "none", file };
  return parseCheckpoint(readFileSync(file, "utf8"), key, file);
}

export function expectedHead(c: Checkpoint): ExpectedHead {
  return {
    lastId: BigInt(c.lastId),
    lastHash: c.lastHash,
    count: c.count,
    keyedFrom: c.keyedFrom === null ? null : BigInt(c.keyedFrom),
  };
}

/** Replaces the file whole or not at all: a crash leaves the old checkpoint or the new one. */
export function writeCheckpointFile(file: string, c: Checkpoint) {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const fd = openSync(tmp, "wx", 0o600);
  try {
    writeSync(fd, `${JSON.stringify(c, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, file);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
  try {
    const dir = openSync(path.dirname(file), "r");
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // Some file systems cannot fsync a directory; the rename itself is atomic.
  }
}

export type AdvanceResult =
  | { state: "written"; checkpoint: Checkpoint }
  | { state: "current" }
  | { state: "empty" }
  | { state: "refused"; message: string };

/**
 * Moves the checkpoint to the committed chain head, if the chain still extends the one the
 * checkpoint signed. Safe to call from several processes at once.
 */
export async function advanceAuditCheckpoint(o: { db: Db; file?: string; key: string }): Promise<AdvanceResult> {
  const file = o.file ?? checkpointFile();
  // Waits for the audited transaction that asked for this (it holds the chain lock until it
  // commits); the standalone statement releases the lock at once.
  await o.db.$executeRaw`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`;
  return o.db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHECKPOINT_LOCK})`;
      const status = readCheckpoint(file, o.key);
      if (status.state === "invalid") {
        return { state: "refused" as const, message: `checkpoint ${file} is invalid (${status.why}); move it aside to start a new one` };
      }
      let from: ChainPosition = GENESIS;
      if (status.state === "ok") {
        const head = expectedHead(status.checkpoint);
        const row = await tx.auditEvent.findUnique({ where: { id: head.lastId }, select: { hash: true } });
        if (row?.hash !== head.lastHash) {
          return {
            state: "refused" as const,
            message: `event ${head.lastId} named by the checkpoint is ${row ? "changed" : "missing"}: run npm run audit:verify`,
          };
        }
        from = { lastId: head.lastId, lastHash: head.lastHash, count: head.count, keyedFrom: head.keyedFrom };
      }
      const walk = await walkChain({ db: tx, from, key: o.key });
      if (walk.broken) {
        return {
          state: "refused" as const,
          message: `the chain is broken at event ${walk.broken.id} (${walk.broken.reason}): run npm run audit:verify`,
        };
      }
      const head = walk.position;
      if (head.lastId === null) return { state: "empty" as const };
      if (from.lastId !== null && head.lastId <= from.lastId) return { state: "current" as const };
      const checkpoint = signCheckpoint(o.key, { ...head, lastId: head.lastId });
      writeCheckpointFile(file, checkpoint);
      return { state: "written" as const, checkpoint };
    },
    { maxWait: 30_000, timeout: 10 * 60_000 },
  );
}

// One run at a time per process; requests during a run coalesce into one more run. The state
// lives on globalThis: the custom server and Next's server bundle load this module separately.
interface Scheduler {
  running: Promise<void> | null;
  again: boolean;
  lastRefusal: string | null;
}
const g = globalThis as unknown as { __xieshenAuditCheckpoint?: Scheduler };
const scheduler = (): Scheduler => (g.__xieshenAuditCheckpoint ??= { running: null, again: false, lastRefusal: null });

async function runOnce() {
  const key = auditKeyForChecking();
  if (!key) return;
  const r = await advanceAuditCheckpoint({ db: getDb(), key });
  const s = scheduler();
  if (r.state === "refused") {
    // Once per distinct problem: the verifier reports it; the log only has to show it once.
    if (s.lastRefusal !== r.message) console.error(`✖ 审计检查点未更新 / audit checkpoint not advanced: ${r.message}`);
    s.lastRefusal = r.message;
  } else {
    s.lastRefusal = null;
  }
}

/** Called by recordAuditEvent inside its transaction; the run waits for that transaction to end. */
export function scheduleAuditCheckpoint() {
  const s = scheduler();
  if (s.running) {
    s.again = true;
    return;
  }
  const run = async () => {
    try {
      do {
        s.again = false;
        await new Promise((r) => setImmediate(r));
        try {
          await runOnce();
        } catch (e) {
          console.error("✖ 审计检查点未更新 / audit checkpoint not advanced:", e instanceof Error ? e.message : e);
        }
      } while (s.again);
    } finally {
      // In the same turn as the last check of `again`: no request can fall between the two.
      s.running = null;
    }
  };
  s.running = run();
}

/** Waits until the checkpoint covers every event this process has committed (before closing the database). */
export async function flushAuditCheckpoint() {
  while (scheduler().running) await scheduler().running;
}
