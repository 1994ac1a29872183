import type { Extension, beforeSyncPayload, onLoadDocumentPayload, onStoreDocumentPayload } from "@hocuspocus/server";
import * as Y from "yjs";
import { getDb } from "../db/client";
import { appendUpdate, compactDraft, loadDocState, logLength } from "../services/drafts/doc-store";
import { saveDerivedOutline } from "../services/drafts/derived-outline";
import { jsonFromYDoc, textLengthOf } from "../services/drafts/content";
import { deriveOutline } from "@/lib/sections/outline";
import { DRAFT_LIMITS } from "@/lib/schemas/draft";
import { draftIdOf } from "./access";
import { CollabRefusal, type CollabContext } from "./context";

// Durability: an update is appended to PostgreSQL BEFORE Hocuspocus applies it and sends
// the acknowledgement (SyncStatus) the editor turns into 已保存. beforeSync runs in the
// connection's message queue and is awaited, so a failed write throws, Hocuspocus closes
// the connection without applying, and the client — which still holds the edit — sends it
// again after reconnecting. Nothing is acknowledged that is not committed.

const COMPACT_AFTER = 200; // log rows before the log is folded into the snapshot

const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;

function addsContent(update: Uint8Array): boolean {
  return Y.decodeUpdate(update).structs.length > 0;
}

export function persistenceExtension(): Extension<CollabContext> {
  const textLength = new Map<string, number>();
  return {
    extensionName: "xieshen-persistence",

    async onLoadDocument({ document, documentName }: onLoadDocumentPayload<CollabContext>) {
      const draftId = draftIdOf(documentName);
      if (!draftId) throw new Error("unknown document");
      const { state } = await loadDocState({ db: getDb(), draftId });
      Y.applyUpdate(document, state);
      textLength.set(documentName, textLengthOf(jsonFromYDoc(document)));
      return document;
    },

    async beforeSync({ connection, type, payload, document, documentName, context }: beforeSyncPayload<CollabContext>) {
      if (type === SYNC_STEP1 || connection.readOnly) return; // read-only updates are dropped by Hocuspocus, never stored
      const draftId = draftIdOf(documentName)!;
      try {
        context.rate.take();
        // After a reconnect the client's SyncStep2 may hold nothing new: no row for it. The
        // check walks the whole document, so it stays off the per-keystroke path (updates).
        if (type === SYNC_STEP2 && Y.snapshotContainsUpdate(Y.snapshot(document), payload)) return;
        if ((textLength.get(documentName) ?? 0) > DRAFT_LIMITS.maxChars && addsContent(payload)) {
          throw new CollabRefusal(4413, "DOCUMENT_TOO_LARGE");
        }
        await appendUpdate({ db: getDb(), draftId, update: payload, userId: context.userId });
      } catch (e) {
        // Hocuspocus closes only this document's connection and keeps the socket, so the
        // client would wait for its 30 s message timeout before resending. Closing the socket
        // (after the close message with the reason has gone out) makes it reconnect and retry now.
        setTimeout(() => connection.webSocket.close(1013, "RETRY"), 100);
        throw e;
      }
    },

    async onStoreDocument({ document, documentName }: onStoreDocumentPayload) {
      const draftId = draftIdOf(documentName);
      if (!draftId) return;
      const db = getDb();
      const json = jsonFromYDoc(document);
      const length = textLengthOf(json);
      textLength.set(documentName, length);
      await db.$transaction((tx) => saveDerivedOutline({ tx, draftId, sections: deriveOutline(json), textLength: length }));
      if ((await logLength({ db, draftId })) >= COMPACT_AFTER) await compactDraft({ db, draftId });
    },

    async afterUnloadDocument({ documentName }) {
      textLength.delete(documentName);
    },
  };
}
