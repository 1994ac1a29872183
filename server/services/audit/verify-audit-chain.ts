import { existsSync } from "node:fs";
import type { Db } from "../../db/client";
import { GENESIS, walkChain, type RowBreak } from "./chain";
import { checkpointFile, expectedHead, flushAuditCheckpoint, readCheckpoint, type CheckpointStatus } from "./checkpoint";
import { AuditKeyError, auditKeyForChecking, missingKeyMessage } from "./key";

/**
 * Why the chain does not verify: a broken event (RowBreak), or, against the checkpoint kept
 * outside the database — truncated: the chain ends before the event the checkpoint signed
 * (the newest events were deleted); checkpointInvalid: the checkpoint is not one signed with
 * this key; checkpointMissing: keyed events exist but no checkpoint does.
 */
export type ChainBreak =
  | RowBreak
  | { reason: "truncated"; checkpointCount: number; checkpointLastId: bigint }
  | { reason: "checkpointInvalid"; why: "unreadable" | "otherKey" | "signature" }
  | { reason: "checkpointMissing" };

export type CheckpointSummary =
  | { state: "none"; file: string }
  | { state: "invalid"; file: string; why: "unreadable" | "otherKey" | "signature" }
  | { state: "ok"; file: string; lastId: bigint; count: number; at: string };

export type VerifyResult =
  | { ok: true; count: number; checkpoint: CheckpointSummary }
  | { ok: false; count: number; broken: ChainBreak; checkpoint: CheckpointSummary };

function summary(s: CheckpointStatus): CheckpointSummary {
  if (s.state === "ok") {
    const c = s.checkpoint;
    return { state: "ok", file: s.file, lastId: BigInt(c.lastId), count: c.count, at: c.at };
  }
  return s;
}

/**
 * Walks the chain in order and compares it with the checkpoint: DATA_DIR/audit-checkpoint.json,
 * or `checkpointFile` (an exported copy). Reports the first problem; `count` is the number of
 * events before it that are intact.
 */
export async function verifyAuditChain(opts: { db: Db; batchSize?: number; checkpointFile?: string }): Promise<VerifyResult> {
  // Whatever this process committed is in the checkpoint before it is compared.
  if (!opts.checkpointFile) await flushAuditCheckpoint();
  const file = opts.checkpointFile ?? checkpointFile();
  const key = auditKeyForChecking();
  let status: CheckpointStatus = { state: "none", file };
  if (key) status = readCheckpoint(file, key);
  // A checkpoint cannot be checked without the key that signed it.
  else if (existsSync(file)) throw new AuditKeyError(missingKeyMessage());
  const checkpoint = summary(status);

  const walk = await walkChain({
    db: opts.db,
    from: GENESIS,
    key,
    expect: status.state === "ok" ? expectedHead(status.checkpoint) : null,
    batchSize: opts.batchSize,
  });
  const count = walk.position.count;
  if (walk.broken) return { ok: false, count, broken: walk.broken, checkpoint };
  if (status.state === "invalid") return { ok: false, count, broken: { reason: "checkpointInvalid", why: status.why }, checkpoint };
  if (status.state === "ok" && !walk.reached) {
    const c = status.checkpoint;
    return { ok: false, count, broken: { reason: "truncated", checkpointCount: c.count, checkpointLastId: BigInt(c.lastId) }, checkpoint };
  }
  if (status.state === "none" && walk.position.keyedFrom !== null) {
    return { ok: false, count, broken: { reason: "checkpointMissing" }, checkpoint };
  }
  return { ok: true, count, checkpoint };
}
