import type { Db, Tx } from "../../db/client";
import { auditHash, auditHmac, GENESIS_HASH, HASH_HMAC, HASH_SHA256 } from "./hash";
import { AuditKeyError, missingKeyMessage } from "./key";

// Walks the audit chain in id order from a known position, checking each event: it links to
// the one before, its hash is what its fields give (SHA-256 before the key existed, HMAC
// after), no unkeyed event follows a keyed one, and the event a checkpoint signed is still
// there, unchanged, at the same count. Shared by the verifier and the checkpoint writer.

// Serializes audit writers so each event chains to the one committed before it. Held until
// the writing transaction ends, which is also when the change it records becomes visible.
export const CHAIN_LOCK = 727_274_002;

export interface ChainPosition {
  /** The last event walked (null: none yet). */
  lastId: bigint | null;
  lastHash: string;
  count: number;
  /** The first HMAC event: from there on every event must be keyed. */
  keyedFrom: bigint | null;
}

export const GENESIS: ChainPosition = { lastId: null, lastHash: GENESIS_HASH, count: 0, keyedFrom: null };

/** Where a checkpoint says the chain was. */
export interface ExpectedHead {
  lastId: bigint;
  lastHash: string;
  count: number;
  keyedFrom: bigint | null;
}

/**
 * hash: the event's fields no longer give its hash (altered); link: its prevHash is not the
 * previous event's hash (one was deleted or inserted); downgrade: an unkeyed event where the
 * chain was already keyed (rewritten by someone without the key); checkpoint: the event the
 * checkpoint signed is gone or differs (the chain was rebuilt).
 */
export interface RowBreak {
  reason: "hash" | "link" | "downgrade" | "checkpoint";
  id: bigint;
  type: string;
}

export interface WalkResult {
  position: ChainPosition;
  broken: RowBreak | null;
  /** Whether the walk passed the expected head (false: the chain ends before it). */
  reached: boolean;
}

type Reader = Db | Tx;

export async function walkChain(o: {
  db: Reader;
  from: ChainPosition;
  key: string | null;
  expect?: ExpectedHead | null;
  batchSize?: number;
}): Promise<WalkResult> {
  const batch = o.batchSize ?? 1000;
  const expect = o.expect ?? null;
  let pos = { ...o.from };
  let reached = expect === null || (pos.lastId !== null && pos.lastId >= expect.lastId);
  for (;;) {
    const rows = await o.db.auditEvent.findMany({
      orderBy: { id: "asc" },
      take: batch,
      ...(pos.lastId !== null ? { where: { id: { gt: pos.lastId } } } : {}),
    });
    for (const r of rows) {
      const broken = (reason: RowBreak["reason"]): WalkResult => ({ position: pos, broken: { reason, id: r.id, type: r.type }, reached });
      if (r.prevHash !== pos.lastHash) return broken("link");
      let keyedFrom = pos.keyedFrom;
      if (r.hashVersion === HASH_HMAC) {
        if (!o.key) throw new AuditKeyError(missingKeyMessage());
        if (auditHmac(o.key, r.prevHash, r) !== r.hash) return broken("hash");
        keyedFrom ??= r.id;
      } else if (r.hashVersion === HASH_SHA256) {
        if (keyedFrom !== null || (expect?.keyedFrom != null && r.id >= expect.keyedFrom)) return broken("downgrade");
        if (auditHash(r.prevHash, r) !== r.hash) return broken("hash");
      } else {
        return broken("hash");
      }
      const next = { lastId: r.id, lastHash: r.hash, count: pos.count + 1, keyedFrom };
      if (expect && !reached) {
        if (r.id === expect.lastId) {
          if (r.hash !== expect.lastHash || next.count !== expect.count) return broken("checkpoint");
          reached = true;
        } else if (r.id > expect.lastId) {
          return broken("checkpoint");
        }
      }
      pos = next;
    }
    if (rows.length < batch) return { position: pos, broken: null, reached };
  }
}
