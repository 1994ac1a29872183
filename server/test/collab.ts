import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { HocuspocusProvider, type HocuspocusProviderConfiguration } from "@hocuspocus/provider";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import type { Db } from "../db/client";
import { startCollab, type CollabHandle } from "../collab";
import { mintCollabToken } from "../collab/token";
import { loadDocState } from "../services/drafts/doc-store";
import { addMembership, createCommittee } from "../services/committees/committees";
import { createDraft } from "../services/drafts/create-draft";
import { makeUser, sessionFor, uniqueName } from "./factories";
import { COLLAB_PATH, documentNameOf } from "@/lib/collab/protocol";

// For collab integration tests: the real /collab server on a free port, and providers that
// connect as a given user with a real ticket.

process.env.AUTH_SECRET ??= "collab-integration-test-secret-0123456789abcdef";

export interface TestCollab {
  url: string;
  /** The server itself: open documents, the persistence extension. */
  handle: CollabHandle;
  /** Connects as `userId` to `draftId`; extra provider options (callbacks) pass through. */
  connect(userId: string, draftId: string, extra?: Partial<HocuspocusProviderConfiguration>): Promise<{ ydoc: Y.Doc; provider: HocuspocusProvider }>;
  close(): Promise<void>;
}

export async function startTestCollab(db: Db, o: { guardIdleMs?: number } = {}): Promise<TestCollab> {
  const server = createServer();
  const collab = await startCollab({ server, ...o });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}${COLLAB_PATH}`;
  const providers: HocuspocusProvider[] = [];
  return {
    url,
    handle: collab,
    async connect(userId, draftId, extra = {}) {
      const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionVersion: true } });
      const ydoc = new Y.Doc();
      const provider = new HocuspocusProvider({
        url,
        name: documentNameOf(draftId),
        document: ydoc,
        token: mintCollabToken({ userId, sessionVersion, draftId }),
        ...extra,
      } as HocuspocusProviderConfiguration);
      providers.push(provider);
      return { ydoc, provider };
    },
    async close() {
      for (const p of providers) p.destroy();
      await collab.close();
      await new Promise((r) => server.close(r));
    },
  };
}

/** A new committee whose head owns a new draft titled `title`: who may edit it, and the draft. */
export async function draftWithHead(db: Db, title: string): Promise<{ userId: string; draftId: string }> {
  const admin = await makeUser(db, { role: "ADMIN" });
  const head = await makeUser(db);
  const c = await createCommittee({ db, actor: await sessionFor(db, admin.id), name: uniqueName("委员会"), description: "" });
  await addMembership({ db, actor: await sessionFor(db, admin.id), committeeId: c.id, userId: head.id, role: "HEAD" });
  const draft = await createDraft({ db, actor: await sessionFor(db, head.id), input: { title, kind: "OTHER", committeeId: c.id } });
  return { userId: head.id, draftId: draft.id };
}

/** A paragraph with `text` appended to Tiptap's fragment. */
export function addParagraph(ydoc: Y.Doc, text: string) {
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  ydoc.getXmlFragment("default").push([p]);
}

/** The draft as stored in PostgreSQL (snapshot + log), as XML text. */
export async function storedText(db: Db, draftId: string) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, (await loadDocState({ db, draftId })).state);
  return doc.getXmlFragment("default").toString();
}

/**
 * A raw Hocuspocus Sync frame for `draftId`, as a crafted client would send it over a
 * provider's socket: kind 0 is SyncStep1 (payload: a state vector), 2 an update.
 */
export function syncFrame(draftId: string, kind: 0 | 2, payload: Uint8Array) {
  const enc = encoding.createEncoder();
  encoding.writeVarString(enc, documentNameOf(draftId));
  encoding.writeVarUint(enc, 0); // MessageType.Sync
  encoding.writeVarUint(enc, kind);
  encoding.writeVarUint8Array(enc, payload);
  return encoding.toUint8Array(enc);
}
