import type { Db, Tx } from "../db/client";
import { auditHash, auditHmac, type HashedFields } from "../services/audit/hash";

// Tampering with the audit log as someone with full database rights could: the append-only
// triggers are off for the transaction (session_replication_role = replica needs a superuser,
// which the test databases' user is). The run's database is shared by all test files, so
// every tampering test restores the rows it touched.

export async function asSuperuser<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SET LOCAL session_replication_role = replica`;
    return fn(tx);
  });
}

/** Saves every event from `fromId` on; the returned function puts them back exactly. */
export async function saveEventsFrom(db: Db, fromId: bigint): Promise<() => Promise<void>> {
  const saved = await db.$queryRaw<{ row: unknown }[]>`SELECT to_jsonb(e) AS row FROM "AuditEvent" e WHERE id >= ${fromId} ORDER BY id`;
  return async () => {
    await asSuperuser(db, async (tx) => {
      await tx.$executeRaw`DELETE FROM "AuditEvent" WHERE id >= ${fromId}`;
      for (const { row } of saved) {
        await tx.$executeRaw`INSERT INTO "AuditEvent" SELECT * FROM jsonb_populate_record(NULL::"AuditEvent", ${JSON.stringify(row)}::jsonb)`;
      }
    });
  };
}

/**
 * Rewrites event `id`'s data and recomputes the hash of it and of every later event, so each
 * links to the one before: with plain SHA-256 (what anyone with database access can do), or
 * with an HMAC under a key that is not the portal's. `version` is what the rows then claim.
 */
export async function rewriteAndRehash(
  db: Db,
  id: bigint,
  data: Record<string, unknown>,
  how: { hash: "sha256" } | { hash: "hmac"; key: string },
  version?: 1 | 2,
) {
  await asSuperuser(db, async (tx) => {
    const rows = await tx.auditEvent.findMany({ where: { id: { gte: id } }, orderBy: { id: "asc" } });
    let prev = rows[0]!.prevHash;
    for (const r of rows) {
      const fields: HashedFields = r.id === id ? { ...r, data } : r;
      const hash = how.hash === "sha256" ? auditHash(prev, fields) : auditHmac(how.key, prev, fields);
      await tx.auditEvent.update({
        where: { id: r.id },
        data: { data: fields.data as object, prevHash: prev, hash, ...(version ? { hashVersion: version } : {}) },
      });
      prev = hash;
    }
  });
}
