import type { Db } from "../../db/client";
import { auditHash, GENESIS_HASH } from "./hash";

export type VerifyResult =
  | { ok: true; count: number }
  | { ok: false; count: number; broken: { id: bigint; type: string; reason: "hash" | "link" } };

/**
 * Walks the chain in order. "hash": the row's fields no longer give its hash (a row was
 * altered); "link": its prevHash is not the previous row's hash (a row was removed or
 * inserted). Reports the first broken event.
 */
export async function verifyAuditChain(opts: { db: Db; batchSize?: number }): Promise<VerifyResult> {
  const batch = opts.batchSize ?? 1000;
  let prev = GENESIS_HASH;
  let cursor: bigint | undefined;
  let count = 0;
  for (;;) {
    const rows = await opts.db.auditEvent.findMany({
      orderBy: { id: "asc" },
      take: batch,
      ...(cursor !== undefined ? { where: { id: { gt: cursor } } } : {}),
    });
    for (const r of rows) {
      if (r.prevHash !== prev) return { ok: false, count, broken: { id: r.id, type: r.type, reason: "link" } };
      if (auditHash(r.prevHash, r) !== r.hash) return { ok: false, count, broken: { id: r.id, type: r.type, reason: "hash" } };
      prev = r.hash;
      count++;
    }
    if (rows.length < batch) return { ok: true, count };
    cursor = rows[rows.length - 1]!.id;
  }
}
