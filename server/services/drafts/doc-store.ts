import * as Y from "yjs";
import type { Db } from "../../db/client";

// Durable storage of a draft's Yjs document: a write-ahead log of updates (DraftUpdate) and
// a snapshot that compaction folds the log into.
//
// Invariant: every update the server acknowledged is either a DraftUpdate row or inside the
// snapshot. Loading applies the snapshot and then EVERY remaining row (not only ids above a
// watermark): sequence ids are handed out before commit, so a row with a smaller id can
// commit after compaction read the log. Compaction deletes exactly the rows it folded, and
// Yjs updates are idempotent, so applying a row twice is harmless.

export async function appendUpdate(o: { db: Db; draftId: string; update: Uint8Array; userId: string | null }) {
  await o.db.draftUpdate.create({
    data: { draftId: o.draftId, data: Buffer.from(o.update), userId: o.userId },
    select: { id: true },
  });
}

/** The whole document as one update, from snapshot + log. */
export async function loadDocState(o: { db: Db; draftId: string }): Promise<{ state: Uint8Array; logLength: number }> {
  // The log first, then the snapshot — one after the other, never in parallel. A compaction
  // committing between the two reads folds rows we already hold into the snapshot we read
  // next (snapshots only grow). Read the other way round (or concurrently, on two pool
  // connections) a compaction in between leaves its rows in neither: gone from the log,
  // absent from the older snapshot.
  const rows = await o.db.draftUpdate.findMany({ where: { draftId: o.draftId }, orderBy: { id: "asc" }, select: { data: true } });
  const snapshot = await o.db.draftSnapshot.findUnique({ where: { draftId: o.draftId } });
  const doc = new Y.Doc({ gc: true });
  Y.transact(doc, () => {
    if (snapshot) Y.applyUpdate(doc, snapshot.state);
    for (const r of rows) Y.applyUpdate(doc, r.data);
  });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { state, logLength: rows.length };
}

export async function logLength(o: { db: Db; draftId: string }) {
  return o.db.draftUpdate.count({ where: { draftId: o.draftId } });
}

/**
 * Folds the log into the snapshot. One writer per draft: a transaction-scoped advisory lock;
 * a second instance that cannot take it skips (the holder is doing the same work).
 * Returns the number of rows folded, or null when another writer held the lock.
 */
export async function compactDraft(o: { db: Db; draftId: string }): Promise<number | null> {
  return o.db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
        SELECT pg_try_advisory_xact_lock(hashtext('draft-compaction'), hashtext(${o.draftId})) AS locked`;
      if (!lock?.locked) return null;
      const [snapshot, rows] = await Promise.all([
        tx.draftSnapshot.findUnique({ where: { draftId: o.draftId } }),
        tx.draftUpdate.findMany({ where: { draftId: o.draftId }, orderBy: { id: "asc" }, select: { id: true, data: true } }),
      ]);
      if (rows.length === 0) return 0;
      const doc = new Y.Doc({ gc: true });
      Y.transact(doc, () => {
        if (snapshot) Y.applyUpdate(doc, snapshot.state);
        for (const r of rows) Y.applyUpdate(doc, r.data);
      });
      const state = Buffer.from(Y.encodeStateAsUpdate(doc));
      doc.destroy();
      const lastUpdateId = rows[rows.length - 1]!.id;
      await tx.draftSnapshot.upsert({
        where: { draftId: o.draftId },
        create: { draftId: o.draftId, state, lastUpdateId },
        update: { state, lastUpdateId },
      });
      await tx.draftUpdate.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
      return rows.length;
    },
    { timeout: 30_000 },
  );
}
