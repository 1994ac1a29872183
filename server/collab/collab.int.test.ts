import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../services/options";
import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import { closeTestDatabase, useTestDatabase } from "../test/db";
import { makeUser, sessionFor, uniqueName, type TestUser } from "../test/factories";
import type { Db } from "../db/client";
import { createCommittee, addMembership, removeMembership } from "../services/committees/committees";
import { createDraft } from "../services/drafts/create-draft";
import { compactDraft } from "../services/drafts/doc-store";
import { setUserDisabled } from "../services/users/users";
import { addParagraph, startTestCollab, storedText as storedTextOf, type TestCollab } from "../test/collab";

// The collab server against a real database: what is acknowledged is in PostgreSQL, what a
// reader sends is not, hidden drafts look like missing ones, and revoked access closes the
// connection.

let db: Db;
let collab: TestCollab;
let committeeId: string;
let head: TestUser;
let member: TestUser;
let outsider: TestUser;
let draftId: string;

function connect(user: TestUser, docId = draftId, events: { failed?: string[]; closed?: number[] } = {}) {
  return collab.connect(user.id, docId, {
    onAuthenticationFailed: ({ reason }) => events.failed?.push(reason),
    onClose: ({ event }) => events.closed?.push(event.code),
  });
}

const storedText = (id = draftId) => storedTextOf(db, id);

beforeAll(async () => {
  db = useTestDatabase();
  const admin = await makeUser(db, { role: "ADMIN" });
  const c = await createCommittee({ db, actor: await sessionFor(db, admin.id), name: uniqueName("委员会"), description: "" });
  committeeId = c.id;
  head = await makeUser(db);
  member = await makeUser(db);
  outsider = await makeUser(db);
  await addMembership({ db, actor: await sessionFor(db, admin.id), committeeId, userId: head.id, role: "HEAD" });
  await addMembership({ db, actor: await sessionFor(db, admin.id), committeeId, userId: member.id, role: "MEMBER" });
  const draft = await createDraft({
    db,
    actor: await sessionFor(db, head.id),
    input: { title: "协同测试", kind: "SPEECH", committeeId },
    content: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "原有内容" }] }] },
  });
  draftId = draft.id;
  collab = await startTestCollab(db);
});

afterAll(async () => {
  await collab?.close();
  await closeTestDatabase();
});

describe("collab server", () => {
  it("stores an editor's update in PostgreSQL before acknowledging it", async () => {
    const { ydoc, provider } = await connect(head);
    await expect.poll(() => provider.isSynced, { timeout: 10_000 }).toBe(true);
    expect(ydoc.getXmlFragment("default").toString()).toContain("原有内容");
    addParagraph(ydoc, "已确认的修改");
    expect(provider.unsyncedChanges).toBeGreaterThan(0);
    await expect.poll(() => provider.unsyncedChanges, { timeout: 10_000 }).toBe(0);
    // Acknowledged ⇒ already committed: no waiting for a debounce or a flush.
    expect(await db.draftUpdate.count({ where: { draftId } })).toBeGreaterThan(0);
    expect(await storedText()).toContain("已确认的修改");
  });

  it("sends an edit to the other tabs, not back to the tab it came from", async () => {
    // Yjs updates each tab receives (Sync messages of the Update kind), as decoded off the wire.
    const received = (counts: { updates: number; errors: string[] }) => ({
      // The provider's own "message" ({ event, message }); its socket's raw one has no `event`.
      onMessage: ({ event }: { event?: MessageEvent }) => {
        if (!event) return;
        try {
          const d = decoding.createDecoder(new Uint8Array(event.data as ArrayBuffer));
          decoding.readVarString(d); // document name
          if (decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === 2) counts.updates++;
        } catch (e) {
          counts.errors.push(String(e));
        }
      },
    });
    const seenByA = { updates: 0, errors: [] as string[] };
    const seenByB = { updates: 0, errors: [] as string[] };
    const a = await collab.connect(head.id, draftId, received(seenByA));
    const b = await collab.connect(head.id, draftId, received(seenByB));
    await expect.poll(() => a.provider.isSynced && b.provider.isSynced, { timeout: 10_000 }).toBe(true);
    expect(seenByA.errors).toEqual([]);
    for (let i = 1; i <= 5; i++) {
      addParagraph(a.ydoc, `只发给别人 ${i}`);
      await expect.poll(() => a.provider.unsyncedChanges, { timeout: 10_000 }).toBe(0);
      await expect.poll(() => b.ydoc.getXmlFragment("default").toString(), { timeout: 10_000 }).toContain(`只发给别人 ${i}`);
    }
    expect(seenByB.updates).toBeGreaterThanOrEqual(5);
    expect(seenByA.updates).toBe(0);
    // And the other way: B's edit reaches A.
    addParagraph(b.ydoc, "回给第一个标签页");
    await expect.poll(() => a.ydoc.getXmlFragment("default").toString(), { timeout: 10_000 }).toContain("回给第一个标签页");
    expect(seenByA.updates).toBeGreaterThanOrEqual(1);
    a.provider.destroy();
    b.provider.destroy();
  });

  it("derives the section outline from the document after changes settle", async () => {
    const { ydoc, provider } = await connect(head);
    await expect.poll(() => provider.isSynced, { timeout: 10_000 }).toBe(true);
    const heading = (level: number, sid: string, text: string) => {
      const h = new Y.XmlElement("heading");
      h.setAttribute("level", level as unknown as string);
      h.setAttribute("sid", sid);
      h.insert(0, [new Y.XmlText(text)]);
      return h;
    };
    ydoc.getXmlFragment("default").push([heading(1, "s-one", "总体要求"), heading(2, "s-two", "主要任务"), heading(1, "s-three", "保障措施")]);
    await expect.poll(() => provider.unsyncedChanges, { timeout: 10_000 }).toBe(0);
    await expect
      .poll(async () => (await db.draftSection.findMany({ where: { draftId }, orderBy: { position: "asc" } })).map((r) => `${r.label}${r.title}`), {
        timeout: 15_000,
      })
      .toEqual(["一、总体要求", "（一）主要任务", "二、保障措施"]);
    const row = await db.draftSection.findUniqueOrThrow({ where: { draftId_sid: { draftId, sid: "s-two" } } });
    expect(row).toMatchObject({ level: 2, parentSid: "s-one", textLength: 4 });
    expect(row.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("does not persist updates from a read-only connection", async () => {
    const before = await db.draftUpdate.count({ where: { draftId } });
    const { ydoc, provider } = await connect(member); // committee members comment, they do not edit
    await expect.poll(() => provider.isSynced, { timeout: 10_000 }).toBe(true);
    addParagraph(ydoc, "评论者伪造的修改");
    await new Promise((r) => setTimeout(r, 500));
    expect(provider.unsyncedChanges).toBeGreaterThan(0); // never acknowledged
    expect(await db.draftUpdate.count({ where: { draftId } })).toBe(before);
    expect(await storedText()).not.toContain("评论者伪造的修改");
  });

  it("refuses hidden and unknown drafts with the same answer", async () => {
    const hidden = { failed: [] as string[] };
    const unknown = { failed: [] as string[] };
    await connect(outsider, draftId, hidden);
    await connect(head, "no-such-draft", unknown);
    await expect.poll(() => hidden.failed.length + unknown.failed.length, { timeout: 10_000 }).toBe(2);
    expect(hidden.failed).toEqual(unknown.failed);
  });

  it("closes the connection when the user loses access", async () => {
    const events = { closed: [] as number[] };
    const { provider } = await connect(member, draftId, events);
    await expect.poll(() => provider.isSynced, { timeout: 10_000 }).toBe(true);
    const m = await db.membership.findFirstOrThrow({ where: { userId: member.id, committeeId } });
    await removeMembership({ db, actor: SYSTEM, membershipId: m.id });
    await expect.poll(() => events.closed.length, { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it("closes the connection when the user is disabled", async () => {
    const events = { closed: [] as number[] };
    const { provider } = await connect(head, draftId, events);
    await expect.poll(() => provider.isSynced, { timeout: 10_000 }).toBe(true);
    await setUserDisabled({ db, actor: SYSTEM, userId: head.id, disabled: true });
    await expect.poll(() => events.closed.length, { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it("compaction folds the log into the snapshot without changing the document", async () => {
    const before = await storedText();
    const folded = await compactDraft({ db, draftId });
    expect(folded).toBeGreaterThan(0);
    expect(await db.draftUpdate.count({ where: { draftId } })).toBe(0);
    expect(await storedText()).toBe(before);
  });
});
