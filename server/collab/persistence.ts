import type { Extension, beforeSyncPayload, onLoadDocumentPayload, onStoreDocumentPayload } from "@hocuspocus/server";
import * as Y from "yjs";
import { CLOSE, documentNameOf, draftIdOf } from "@/lib/collab/protocol";
import { getDb, getLogDb } from "../db/client";
import { appendUpdate, compactFromState, loadDocState, type SnapshotMark } from "../services/drafts/doc-store";
import { groupCommitLog } from "../services/drafts/doc-store-group-commit";
import { textLengthOfDoc, writeDerivedData } from "../services/drafts/derived-outline";
import { deriveOffThread, warmDeriveWorker } from "./derive-pool";
import { UpdateGuard } from "../services/drafts/update-guard";
import { CollabRefusal, type CollabContext } from "./context";
import { checkDocumentSize } from "./limits";

// Durability: an update is validated, then appended to PostgreSQL, BEFORE Hocuspocus applies
// it and sends the acknowledgement (SyncStatus) the editor turns into 已保存. beforeSync
// runs in the connection's message queue and is awaited, so a refused or failed write
// throws, Hocuspocus closes the connection without applying, and the client — which still
// holds the edit — sends it again after reconnecting. Nothing is acknowledged that is not
// committed, and nothing is committed that the editor schema would not accept.
//
// The append is group-committed (doc-store-group-commit.ts): updates arriving together from
// every connection and draft share one multi-row INSERT, and each is acknowledged once that
// statement has committed.
//
// Compaction works from the live document, never by reading the log back and folding it on
// the event loop: the snapshot becomes the document's own state, and exactly the rows known to
// be inside it are deleted — those the document was loaded from, and those this process
// committed (the group commit reports their ids; Hocuspocus applies an update in the same
// turn its beforeSync resolves). Policy: once COMPACT_ROWS rows are waiting, or any rows
// and COMPACT_EVERY_MS since the last compaction (cold opens stay short, keystrokes never pay).

const COMPACT_ROWS = 2_000;
const COMPACT_EVERY_MS = 60_000;

// Memory. A draft stays loaded while anyone has it open and is unloaded (Hocuspocus) once
// its last client has gone and its settle-time store has run. While it is loaded, the update
// guard's copy of the document costs about as much as the document itself; a draft nobody
// has edited for GUARD_IDLE_MS (people reading, a tab left open) lets the copy go, and the
// next edit makes it again (a one-off cost of the document's size, then edits are as before).
export const GUARD_IDLE_MS = 5 * 60_000;

// Settle-time writes (outline, compaction) are not what durability rests on — every
// acknowledged update is already in the log — so they queue for one of STORE_SLOTS rather than
// take the shared pool from page requests (with 200 drafts settling at once they did, and
// failed with "Unable to start a transaction in the given time"). A failed one is retried
// after STORE_RETRY_MS, up to STORE_ATTEMPTS times, then logged and given up: it never throws,
// because Hocuspocus keeps a document whose store threw in memory for good (it would never
// unload). The next edit's settle writes the outline again.
const STORE_SLOTS = 2;
const STORE_ATTEMPTS = 3;
const STORE_RETRY_MS = 2_000;

/** At most `n` at once; the rest wait in order. */
function slots(n: number) {
  let free = n;
  const waiting: (() => void)[] = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (free > 0) free--;
    else await new Promise<void>((r) => waiting.push(r));
    try {
      return await job();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}

const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;

interface DocState {
  guard: UpdateGuard;
  /** The document's text length (the size limit), null until first needed or derived. */
  textLength: number | null;
  /** Log rows whose updates are inside the live document: what compaction may delete. */
  foldable: bigint[];
  /** The snapshot the live document descends from (ours after our own compaction). */
  snapshot: SnapshotMark | null;
  lastCompactionAt: number;
  /** The derived outline last written, so an unchanged outline is not written again. */
  outlineKey: string | null;
  rebuildQueued: boolean;
  /** When an edit was last accepted (or the draft loaded): drives the copy's release. */
  lastEditAt: number;
}

export interface PersistenceExtension extends Extension<CollabContext> {
  /** Documents whose update guard holds its copy right now (tests, bench/memory.ts). */
  guardCopies(): string[];
}

/** The connection Hocuspocus names as the origin of a client's update it applies. */
function connectionOf(origin: unknown): object | null {
  if (typeof origin !== "object" || origin === null) return null;
  const o = origin as { source?: unknown; connection?: unknown };
  return o.source === "connection" && typeof o.connection === "object" && o.connection !== null ? o.connection : null;
}

export function persistenceExtension(o: { guardIdleMs?: number } = {}): PersistenceExtension {
  const docs = new Map<string, DocState>();
  warmDeriveWorker();
  const guardIdleMs = o.guardIdleMs ?? GUARD_IDLE_MS;
  const sweep = setInterval(() => {
    const idleSince = Date.now() - guardIdleMs;
    for (const s of docs.values()) if (s.guard.holdsCopy && s.lastEditAt <= idleSince) s.guard.release();
  }, Math.max(50, Math.min(60_000, guardIdleMs / 2)));
  sweep.unref();
  let unsubscribe: (() => void) | null = null;
  const followCommits = () => {
    unsubscribe ??= groupCommitLog(getLogDb()).onCommitted((rows) => {
      // After the microtasks in which Hocuspocus applies the acknowledged updates.
      setImmediate(() => {
        for (const r of rows) docs.get(documentNameOf(r.draftId))?.foldable.push(r.id);
      });
    });
  };
  // A failed write leaves updates in the mirror that the document will not get: rebuild it
  // from the live document once, before the next message is checked.
  const rebuildGuard = (state: DocState) => {
    if (state.rebuildQueued) return;
    state.rebuildQueued = true;
    queueMicrotask(() => {
      state.rebuildQueued = false;
      state.guard.rebuild();
    });
  };
  const storeSlot = slots(STORE_SLOTS);
  /** The settle-time work of one store: derived outline, then compaction when due. */
  const settle = async (document: Y.Doc, documentName: string, draftId: string) => {
    const db = getDb();
    const state = docs.get(documentName);
    // The event loop only encodes the state; JSON, outline and hashes are derived in a worker.
    const derived = await deriveOffThread(Y.encodeStateAsUpdate(document));
    if (!state || derived.key !== state.outlineKey) {
      await writeDerivedData({ db, draftId, textLength: derived.textLength, sections: derived.sections });
    }
    if (!state) return;
    state.textLength = derived.textLength;
    state.outlineKey = derived.key;
    const waiting = state.foldable.length;
    if (waiting >= COMPACT_ROWS || (waiting > 0 && Date.now() - state.lastCompactionAt >= COMPACT_EVERY_MS)) {
      const rowIds = state.foldable.splice(0);
      try {
        const mark = await compactFromState({ db, draftId, rowIds, basedOn: state.snapshot, state: () => Y.encodeStateAsUpdate(document) });
        if (mark) {
          state.snapshot = mark;
          state.lastCompactionAt = Date.now();
        } else state.foldable.unshift(...rowIds); // another instance holds the lock: later
      } catch (e) {
        state.foldable.unshift(...rowIds);
        throw e;
      }
    }
  };
  return {
    extensionName: "xieshen-persistence",

    guardCopies: () => [...docs].filter(([, s]) => s.guard.holdsCopy).map(([name]) => name),

    async onLoadDocument({ document, documentName }: onLoadDocumentPayload<CollabContext>) {
      const draftId = draftIdOf(documentName);
      if (!draftId) throw new Error("unknown document");
      followCommits();
      // Rows that cannot be applied are skipped and quarantined: the draft always loads.
      const { state, rowIds, snapshot } = await loadDocState({ db: getDb(), draftId });
      Y.applyUpdate(document, state);
      // The guard's copy and the text length are what an edit needs, not a reader: made after
      // this turn (the first client is answered first), or by the first edit if it is sooner.
      const guard = new UpdateGuard(document, connectionOf);
      setImmediate(() => {
        const s = docs.get(documentName);
        if (s?.guard !== guard) return; // unloaded meanwhile
        guard.warm();
        s.textLength ??= textLengthOfDoc(document);
      });
      docs.set(documentName, {
        guard,
        textLength: null,
        foldable: rowIds,
        snapshot,
        lastCompactionAt: Date.now(),
        outlineKey: null,
        rebuildQueued: false,
        lastEditAt: Date.now(),
      });
      return document;
    },

    async beforeSync({ connection, type, payload, document, documentName, context }: beforeSyncPayload<CollabContext>) {
      if (type === SYNC_STEP1) {
        // Each is answered with the whole document encoded: a client asking again and again
        // is refused (connectionBudgets).
        context.syncRate.take();
        return;
      }
      if (connection.readOnly) return; // read-only updates are dropped by Hocuspocus, never stored
      const draftId = draftIdOf(documentName)!;
      const state = docs.get(documentName);
      try {
        context.rate.take();
        // After a reconnect the client's SyncStep2 may hold nothing new: no row for it. The
        // check walks the whole document, so it stays off the per-keystroke path (updates).
        if (type === SYNC_STEP2 && Y.snapshotContainsUpdate(Y.snapshot(document), payload)) return;
        if (!state) throw new Error(`document ${documentName} not loaded`);
        state.textLength ??= textLengthOfDoc(document);
        checkDocumentSize(state.textLength, payload);
        const verdict = state.guard.check(payload, connection);
        if (!verdict.ok) {
          console.warn(`[collab] draft ${draftId}: update from user ${context.userId} refused (${verdict.reason})`);
          throw new CollabRefusal("INVALID_UPDATE");
        }
        state.lastEditAt = Date.now();
        try {
          await appendUpdate({ db: getLogDb(), draftId, update: payload, userId: context.userId });
        } catch (e) {
          rebuildGuard(state); // the copy holds an update the document will not get
          throw e;
        }
      } catch (e) {
        // Hocuspocus closes only this document's connection and keeps the socket, so the
        // client would wait for its 30 s message timeout before resending. Closing the socket
        // (after the close message with the reason has gone out) makes it reconnect and retry now.
        setTimeout(() => connection.webSocket.close(CLOSE.RETRY.code, CLOSE.RETRY.reason), 100);
        throw e;
      }
    },

    async onStoreDocument({ document, documentName }: onStoreDocumentPayload) {
      const draftId = draftIdOf(documentName);
      if (!draftId) return;
      for (let attempt = 1; ; attempt++) {
        try {
          await storeSlot(() => settle(document, documentName, draftId));
          return;
        } catch (e) {
          if (attempt >= STORE_ATTEMPTS) {
            console.error(`[collab] draft ${draftId}: outline/compaction not written after ${attempt} attempts (the log has every edit):`, e);
            return;
          }
          await new Promise((r) => setTimeout(r, STORE_RETRY_MS * attempt));
        }
      }
    },

    async afterUnloadDocument({ documentName }) {
      docs.get(documentName)?.guard.destroy();
      docs.delete(documentName);
    },

    async onDestroy() {
      clearInterval(sweep);
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}
