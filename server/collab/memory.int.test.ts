import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CLOSE, documentNameOf } from "@/lib/collab/protocol";
import { closeTestDatabase, useTestDatabase } from "../test/db";
import { makeUser, sessionFor, uniqueName, type TestUser } from "../test/factories";
import type { Db } from "../db/client";
import { addMembership, createCommittee } from "../services/committees/committees";
import { createDraft } from "../services/drafts/create-draft";
import { addParagraph, startTestCollab, syncFrame, storedText as storedTextOf, type TestCollab } from "../test/collab";

// What an open draft costs the server is given back: a draft unloads once its last client
// has left, and a draft left idle (people reading, a tab left open) lets the update guard's
// copy of the document go — the next edit is checked exactly as before.

const GUARD_IDLE_MS = 400;

let db: Db;
let collab: TestCollab;
let head: TestUser;
let draftId: string;

beforeAll(async () => {
  db = useTestDatabase();
  const admin = await makeUser(db, { role: "ADMIN" });
  const c = await createCommittee({ db, actor: await sessionFor(db, admin.id), name: uniqueName("委员会"), description: "" });
  head = await makeUser(db);
  await addMembership({ db, actor: await sessionFor(db, admin.id), committeeId: c.id, userId: head.id, role: "HEAD" });
  const draft = await createDraft({
    db,
    actor: await sessionFor(db, head.id),
    input: { title: "内存测试", kind: "SPEECH", committeeId: c.id },
    content: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "原有内容" }] }] },
  });
  draftId = draft.id;
  collab = await startTestCollab(db, { guardIdleMs: GUARD_IDLE_MS });
});

afterAll(async () => {
  await collab?.close();
  await closeTestDatabase();
});

async function openAsHead() {
  const reasons: string[] = [];
  const s = await collab.connect(head.id, draftId, { onClose: ({ event }) => void reasons.push(event.reason) });
  await expect.poll(() => s.provider.isSynced, { timeout: 10_000 }).toBe(true);
  return { ...s, reasons };
}

async function editAndWait(ydoc: Y.Doc, provider: { unsyncedChanges: number }, text: string) {
  addParagraph(ydoc, text);
  await expect.poll(() => provider.unsyncedChanges, { timeout: 10_000 }).toBe(0);
}

const name = () => documentNameOf(draftId);

describe("memory of open drafts", () => {
  it("unloads a draft once its last editor has left; the next one gets every edit from PostgreSQL", async () => {
    const first = await openAsHead();
    await editAndWait(first.ydoc, first.provider, "离开前的修改");
    expect(collab.handle.hocuspocus.documents.has(name())).toBe(true);
    first.provider.destroy();
    // After the settle-time store (2 s debounce) the document leaves memory.
    await expect.poll(() => collab.handle.hocuspocus.documents.has(name()), { timeout: 15_000 }).toBe(false);
    expect(collab.handle.persistence.guardCopies()).not.toContain(name());

    const second = await openAsHead();
    expect(second.ydoc.getXmlFragment("default").toString()).toContain("离开前的修改");
    second.provider.destroy();
    await expect.poll(() => collab.handle.hocuspocus.documents.has(name()), { timeout: 15_000 }).toBe(false);
  });

  it("lets the update guard's copy go when nobody edits, and checks the next edit as before", async () => {
    const editor = await openAsHead();
    await editAndWait(editor.ydoc, editor.provider, "第一次修改");
    expect(collab.handle.persistence.guardCopies()).toContain(name());

    // Idle: still open, but the copy is released.
    await expect.poll(() => collab.handle.persistence.guardCopies(), { timeout: 10_000 }).not.toContain(name());
    expect(collab.handle.hocuspocus.documents.has(name())).toBe(true);

    // The next edit makes the copy again, is checked, stored and acknowledged.
    await editAndWait(editor.ydoc, editor.provider, "空闲之后的修改");
    expect(await storedTextOf(db, draftId)).toContain("空闲之后的修改");

    // …and an update the schema forbids is still refused after a release.
    await expect.poll(() => collab.handle.persistence.guardCopies(), { timeout: 10_000 }).not.toContain(name());
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(editor.ydoc));
    const sv = Y.encodeStateVector(copy);
    const script = new Y.XmlElement("script");
    script.insert(0, [new Y.XmlText("alert(1)")]);
    copy.getXmlFragment("default").push([script]);
    editor.provider.configuration.websocketProvider.send(syncFrame(draftId, 2, Y.encodeStateAsUpdate(copy, sv)));
    await expect.poll(() => editor.reasons, { timeout: 10_000 }).toContain(CLOSE.INVALID_UPDATE.reason);
    expect(await storedTextOf(db, draftId)).not.toContain("alert(1)");
    editor.provider.destroy();
  });
});
