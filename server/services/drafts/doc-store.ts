import * as Y from "yjs";
import type { Db } from "../../db/client";
import { recordAuditEvent } from "../audit/record-audit-event";
import { groupCommitLog } from "./doc-store-group-commit";

// Durable storage of a draft's Yjs document: a write-ahead log of updates (DraftUpdate) and
// a snapshot that compaction folds the log into.
//
// Invariant: every update the server acknowledged is either a DraftUpdate row or inside the
// snapshot. Loading applies the snapshot and then EVERY remaining row (not only ids above a
// watermark): sequence ids are handed out before commit, so a row with a smaller id can
// commit after compaction read the log. Compaction deletes exactly the rows it folded, and
// Yjs updates are idempotent, so applying a row twice is harmless.
//
// A row that cannot be applied (stored before updates were validated, or written by hand)
// must not take the draft down: the fold skips it, and loading and compaction move it to
// DraftUpdateQuarantine (logged with its id, audited, listed by `npm run drafts:check`).

/**
 * Appends one update to the log; resolves once it is committed. Updates appended together
 * (any draft, any connection) share one multi-row INSERT (doc-store-group-commit.ts).
 */
export async function appendUpdate(o: { db: Db; draftId: string; update: Uint8Array; userId: string | null }) {
  await groupCommitLog(o.db).append({ draftId: o.draftId, update: o.update, userId: o.userId });
}

export interface LogRow {
  id: bigint;
  data: Uint8Array;
}

export interface BadRow {
  id: bigint;
  reason: string;
}

/**
 * The one fold of snapshot + log into a document. Rows that do not decode or do not apply
 * are skipped and returned; the document is rebuilt without a row that failed half-way.
 */
export function foldLog(snapshot: Uint8Array | null, rows: LogRow[]): { doc: Y.Doc; bad: BadRow[] } {
  const good: Uint8Array[] = [];
  const bad: BadRow[] = [];
  const fresh = () => {
    const d = new Y.Doc({ gc: true });
    if (snapshot) Y.applyUpdate(d, snapshot);
    return d;
  };
  let doc = fresh();
  for (const row of rows) {
    try {
      Y.decodeUpdate(row.data);
    } catch (e) {
      bad.push({ id: row.id, reason: `does not decode: ${(e as Error).message}` });
      continue;
    }
    try {
      Y.applyUpdate(doc, row.data);
      good.push(row.data);
    } catch (e) {
      bad.push({ id: row.id, reason: `does not apply: ${(e as Error).message}` });
      // It may have integrated part of itself before failing: start again without it.
      doc.destroy();
      doc = fresh();
      Y.transact(doc, () => good.forEach((u) => Y.applyUpdate(doc, u)));
    }
  }
  return { doc, bad };
}

/** Moves rows out of the log into the quarantine, in one transaction with an audit event. */
export async function quarantineRows(o: { db: Db; draftId: string; bad: BadRow[] }) {
  if (o.bad.length === 0) return;
  for (const b of o.bad) console.error(`[drafts] draft ${o.draftId}: update row ${b.id} skipped and quarantined (${b.reason})`);
  await o.db.$transaction(async (tx) => {
    for (const b of o.bad) {
      const row = await tx.draftUpdate.findUnique({ where: { id: b.id } });
      if (!row) continue; // another instance moved it first
      await tx.draftUpdateQuarantine.create({
        data: { id: row.id, draftId: row.draftId, data: row.data, userId: row.userId, createdAt: row.createdAt, reason: b.reason.slice(0, 500) },
      });
      await tx.draftUpdate.delete({ where: { id: row.id } });
    }
    await recordAuditEvent({
      tx, actorId: null, type: "draft.updates_quarantined", target: { type: "Draft", id: o.draftId },
      data: { rows: o.bad.map((b) => ({ id: b.id.toString(), reason: b.reason.slice(0, 200) })) },
    });
  });
}

/** Which snapshot a loaded document started from (compactFromState merges a different one). */
export interface SnapshotMark {
  lastUpdateId: bigint;
  updatedAt: Date;
}

/** The whole document as one update, from snapshot + log. */
export async function loadDocState(o: { db: Db; draftId: string }): Promise<{
  state: Uint8Array;
  logLength: number;
  quarantined: number;
  /** Ids of the log rows folded into `state` (for compactFromState). */
  rowIds: bigint[];
  snapshot: SnapshotMark | null;
}> {
  // The log first, then the snapshot — one after the other, never in parallel. A compaction
  // committing between the two reads folds rows we already hold into the snapshot we read
  // next (snapshots only grow). Read the other way round (or concurrently, on two pool
  // connections) a compaction in between leaves its rows in neither: gone from the log,
  // absent from the older snapshot.
  const rows = await o.db.draftUpdate.findMany({ where: { draftId: o.draftId }, orderBy: { id: "asc" }, select: { id: true, data: true } });
  const snapshot = await o.db.draftSnapshot.findUnique({ where: { draftId: o.draftId } });
  const mark = snapshot ? { lastUpdateId: snapshot.lastUpdateId, updatedAt: snapshot.updatedAt } : null;
  // A compacted draft: the snapshot is the state, as we wrote it. Folding it into a Y.Doc only
  // to encode it again cost as much as the caller's own load of it (~100 ms for 50,000
  // characters with a long history), on every cold open.
  if (rows.length === 0 && snapshot) return { state: snapshot.state, logLength: 0, quarantined: 0, rowIds: [], snapshot: mark };
  const { doc, bad } = foldLog(snapshot?.state ?? null, rows);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  // Serving the draft does not wait on (or fail with) the quarantine move.
  if (bad.length) await quarantineRows({ db: o.db, draftId: o.draftId, bad }).catch((e) => console.error(`[drafts] quarantine of draft ${o.draftId} failed:`, e));
  const badIds = new Set(bad.map((b) => b.id));
  return {
    state,
    logLength: rows.length - bad.length,
    quarantined: bad.length,
    rowIds: rows.filter((r) => !badIds.has(r.id)).map((r) => r.id),
    snapshot: mark,
  };
}

export async function logLength(o: { db: Db; draftId: string }) {
  return o.db.draftUpdate.count({ where: { draftId: o.draftId } });
}

/**
 * Folds the log into the snapshot. One writer per draft: a transaction-scoped advisory lock;
 * a second instance that cannot take it skips (the holder is doing the same work).
 * Returns the number of rows folded, or null when another writer held the lock. Rows that
 * cannot be applied are left in the log for loading to quarantine (never deleted here).
 */
export async function compactDraft(o: { db: Db; draftId: string }): Promise<number | null> {
  return o.db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
        SELECT pg_try_advisory_xact_lock(hashtext('draft-compaction'), hashtext(${o.draftId})) AS locked`;
      if (!lock?.locked) return null;
      // One connection: queries in a transaction run one after another (pg refuses overlap).
      const snapshot = await tx.draftSnapshot.findUnique({ where: { draftId: o.draftId } });
      const rows = await tx.draftUpdate.findMany({ where: { draftId: o.draftId }, orderBy: { id: "asc" }, select: { id: true, data: true } });
      if (rows.length === 0) return 0;
      const { doc, bad } = foldLog(snapshot?.state ?? null, rows);
      const state = Buffer.from(Y.encodeStateAsUpdate(doc));
      doc.destroy();
      const badIds = new Set(bad.map((b) => b.id));
      const folded = rows.filter((r) => !badIds.has(r.id));
      if (folded.length === 0) return 0;
      const lastUpdateId = folded[folded.length - 1]!.id;
      await tx.draftSnapshot.upsert({
        where: { draftId: o.draftId },
        create: { draftId: o.draftId, state, lastUpdateId },
        update: { state, lastUpdateId },
      });
      await tx.draftUpdate.deleteMany({ where: { id: { in: folded.map((r) => r.id) } } });
      return folded.length;
    },
    { timeout: 30_000 },
  );
}

/**
 * Compaction from the document already in memory (the collab server's live document), so
 * nothing is read back or folded: the snapshot becomes `state()` and exactly `rowIds` are
 * deleted. The caller guarantees every one of those rows is contained in that state (rows it
 * loaded the document from, and rows it committed and then applied). A snapshot written
 * since `basedOn` by someone else (another instance) is merged, never overwritten. Same lock
 * as compactDraft. Returns the new snapshot mark, or null when another writer held the lock.
 */
export async function compactFromState(o: {
  db: Db;
  draftId: string;
  state: () => Uint8Array;
  rowIds: bigint[];
  basedOn: SnapshotMark | null;
}): Promise<SnapshotMark | null> {
  return o.db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
        SELECT pg_try_advisory_xact_lock(hashtext('draft-compaction'), hashtext(${o.draftId})) AS locked`;
      if (!lock?.locked) return null;
      const current = await tx.draftSnapshot.findUnique({ where: { draftId: o.draftId }, select: { lastUpdateId: true, updatedAt: true } });
      const ours =
        (current === null && o.basedOn === null) ||
        (current !== null && o.basedOn !== null && current.lastUpdateId === o.basedOn.lastUpdateId && current.updatedAt.getTime() === o.basedOn.updatedAt.getTime());
      let state = o.state();
      if (current && !ours) {
        const foreign = await tx.draftSnapshot.findUniqueOrThrow({ where: { draftId: o.draftId }, select: { state: true } });
        state = Y.mergeUpdates([foreign.state, state]);
      }
      let lastUpdateId = current?.lastUpdateId ?? 0n;
      for (const id of o.rowIds) if (id > lastUpdateId) lastUpdateId = id;
      const data = Buffer.from(state);
      const written = await tx.draftSnapshot.upsert({
        where: { draftId: o.draftId },
        create: { draftId: o.draftId, state: data, lastUpdateId },
        update: { state: data, lastUpdateId },
        select: { lastUpdateId: true, updatedAt: true },
      });
      for (let i = 0; i < o.rowIds.length; i += 5_000) {
        await tx.draftUpdate.deleteMany({ where: { draftId: o.draftId, id: { in: o.rowIds.slice(i, i + 5_000) } } });
      }
      return written;
    },
    { timeout: 30_000 },
  );
}
