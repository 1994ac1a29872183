import type { Extension, beforeSyncPayload, onLoadDocumentPayload, onStoreDocumentPayload } from "@hocuspocus/server";
import * as Y from "yjs";
import { CLOSE, draftIdOf } from "@/lib/collab/protocol";
import { getDb } from "../db/client";
import { appendUpdate, compactDraft, loadDocState, logLength } from "../services/drafts/doc-store";
import { refreshDerivedData, textLengthOfDoc } from "../services/drafts/derived-outline";
import { UpdateGuard } from "../services/drafts/update-guard";
import { CollabRefusal, type CollabContext } from "./context";
import { checkDocumentSize } from "./limits";

// Durability: an update is validated, then appended to PostgreSQL, BEFORE Hocuspocus applies
// it and sends the acknowledgement (SyncStatus) the editor turns into 已保存. beforeSync
// runs in the connection's message queue and is awaited, so a refused or failed write
// throws, Hocuspocus closes the connection without applying, and the client — which still
// holds the edit — sends it again after reconnecting. Nothing is acknowledged that is not
// committed, and nothing is committed that the editor schema would not accept.

const COMPACT_AFTER = 200; // log rows before the log is folded into the snapshot

const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;

interface DocState {
  guard: UpdateGuard;
  textLength: number;
}

export function persistenceExtension(): Extension<CollabContext> {
  const docs = new Map<string, DocState>();
  return {
    extensionName: "xieshen-persistence",

    async onLoadDocument({ document, documentName }: onLoadDocumentPayload<CollabContext>) {
      const draftId = draftIdOf(documentName);
      if (!draftId) throw new Error("unknown document");
      // Rows that cannot be applied are skipped and quarantined: the draft always loads.
      const { state } = await loadDocState({ db: getDb(), draftId });
      Y.applyUpdate(document, state);
      docs.set(documentName, { guard: new UpdateGuard(document), textLength: textLengthOfDoc(document) });
      return document;
    },

    async beforeSync({ connection, type, payload, document, documentName, context }: beforeSyncPayload<CollabContext>) {
      if (type === SYNC_STEP1 || connection.readOnly) return; // read-only updates are dropped by Hocuspocus, never stored
      const draftId = draftIdOf(documentName)!;
      const state = docs.get(documentName);
      try {
        context.rate.take();
        // After a reconnect the client's SyncStep2 may hold nothing new: no row for it. The
        // check walks the whole document, so it stays off the per-keystroke path (updates).
        if (type === SYNC_STEP2 && Y.snapshotContainsUpdate(Y.snapshot(document), payload)) return;
        if (!state) throw new Error(`document ${documentName} not loaded`);
        checkDocumentSize(state.textLength, payload);
        const verdict = state.guard.check(payload);
        if (!verdict.ok) {
          console.warn(`[collab] draft ${draftId}: update from user ${context.userId} refused (${verdict.reason})`);
          throw new CollabRefusal("INVALID_UPDATE");
        }
        try {
          await appendUpdate({ db: getDb(), draftId, update: payload, userId: context.userId });
        } catch (e) {
          state.guard.rebuild(); // the copy holds an update the document will not get
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
      const db = getDb();
      const { textLength } = await db.$transaction((tx) => refreshDerivedData({ tx, draftId, doc: document }));
      const state = docs.get(documentName);
      if (state) state.textLength = textLength;
      if ((await logLength({ db, draftId })) >= COMPACT_AFTER) await compactDraft({ db, draftId });
    },

    async afterUnloadDocument({ documentName }) {
      docs.get(documentName)?.guard.destroy();
      docs.delete(documentName);
    },
  };
}
