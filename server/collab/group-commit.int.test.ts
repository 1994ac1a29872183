import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HocuspocusProvider } from "@hocuspocus/provider";
import type * as Y from "yjs";
import { closeTestDatabase, useTestDatabase } from "../test/db";
import { makeUser, sessionFor, uniqueName, type TestUser } from "../test/factories";
import { getLogDb, type Db } from "../db/client";
import { createCommittee, addMembership } from "../services/committees/committees";
import { createDraft } from "../services/drafts/create-draft";
import { appendUpdate } from "../services/drafts/doc-store";
import { groupCommitLog } from "../services/drafts/doc-store-group-commit";
import { addParagraph, startTestCollab, storedText, type TestCollab } from "../test/collab";

// Group commit (issue 10): the updates that arrive together — several editors, several
// drafts — are committed by one statement, each is acknowledged only after that commit, and a
// failed statement acknowledges none of them (the clients resend once the database is back).

let db: Db;
let collab: TestCollab;
let head: TestUser;
let deputy: TestUser;
let committeeId: string;
const drafts: string[] = [];

interface Editor {
  ydoc: Y.Doc;
  provider: HocuspocusProvider;
  draftId: string;
  /** Times unsyncedChanges reached 0 (an acknowledgement of everything sent). */
  zeros: number;
}

async function newDraft(title: string) {
  const draft = await createDraft({
    db,
    actor: await sessionFor(db, head.id),
    input: { title, kind: "SPEECH", committeeId },
    content: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "开头" }] }] },
  });
  return draft.id;
}

async function editors(perDraft: number): Promise<Editor[]> {
  const out: Editor[] = [];
  for (const draftId of drafts) {
    for (let i = 0; i < perDraft; i++) {
      const user = i % 2 ? deputy : head;
      const e = { draftId, zeros: 0 } as Editor;
      const { ydoc, provider } = await collab.connect(user.id, draftId, {
        onUnsyncedChanges: ({ number }: { number: number }) => {
          if (number === 0) e.zeros++;
        },
      });
      Object.assign(e, { ydoc, provider });
      out.push(e);
    }
  }
  for (const e of out) await expect.poll(() => e.provider.isSynced && e.provider.unsyncedChanges === 0, { timeout: 15_000 }).toBe(true);
  for (const e of out) e.zeros = 0;
  return out;
}

/** Holds the lock every DraftUpdate insert of `draftId` takes shared (the FINAL check) until `release`. */
function holdInserts(draftId: string) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const tx = db.$transaction(
    async (t) => {
      await t.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('draft-final'), hashtext(${draftId}))`;
      locked();
      await released;
    },
    { timeout: 30_000 },
  );
  return { isLocked, release: async () => (release(), await tx) };
}

beforeAll(async () => {
  db = useTestDatabase();
  const admin = await makeUser(db, { role: "ADMIN" });
  const actor = await sessionFor(db, admin.id);
  const c = await createCommittee({ db, actor, name: uniqueName("委员会"), description: "" });
  committeeId = c.id;
  head = await makeUser(db);
  deputy = await makeUser(db);
  await addMembership({ db, actor, committeeId, userId: head.id, role: "HEAD" });
  await addMembership({ db, actor, committeeId, userId: deputy.id, role: "DEPUTY_HEAD" });
  drafts.push(await newDraft("成组提交甲"), await newDraft("成组提交乙"));
  collab = await startTestCollab(db);
});

afterAll(async () => {
  await db?.$executeRawUnsafe(`DROP TRIGGER IF EXISTS "test_group_commit_fail" ON "DraftUpdate"`).catch(() => {});
  await collab?.close();
  await closeTestDatabase();
});

describe("group commit", () => {
  it("stores and acknowledges every concurrent editor's update, in fewer transactions than updates", async () => {
    const all = await editors(4);
    const log = groupCommitLog(getLogDb());
    const before = { ...log.stats };
    const rowsBefore = await db.draftUpdate.count({ where: { draftId: { in: drafts } } });
    // The first statement waits on a lock the test holds, so everything sent meanwhile queues.
    const hold = holdInserts(drafts[0]!);
    await hold.isLocked;
    const texts: string[] = [];
    for (let round = 0; round < 3; round++) {
      all.forEach((e, i) => {
        const t = `成组-${round}-${i}`;
        texts.push(t);
        addParagraph(e.ydoc, t);
      });
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 300));
    // Nothing of draft 0 is committed, so none of its editors has an acknowledgement.
    expect(all.filter((e) => e.draftId === drafts[0]).map((e) => e.zeros)).toEqual([0, 0, 0, 0]);
    await hold.release();
    for (const e of all) await expect.poll(() => e.provider.unsyncedChanges, { timeout: 15_000 }).toBe(0);

    const stored = (await storedText(db, drafts[0]!)) + (await storedText(db, drafts[1]!));
    for (const t of texts) expect(stored).toContain(t);
    const rows = (await db.draftUpdate.count({ where: { draftId: { in: drafts } } })) - rowsBefore;
    const committed = log.stats.rows - before.rows;
    const transactions = log.stats.commits - before.commits;
    expect(committed).toBe(rows);
    expect(rows).toBeGreaterThanOrEqual(texts.length);
    expect(transactions).toBeLessThan(rows);
    expect(log.stats.failedCommits).toBe(before.failedCommits);
    for (const e of all) e.provider.destroy();
  });

  it("acknowledges nothing when the database refuses the statement, and stores it all once it accepts again", async () => {
    const all = await editors(2);
    await db.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION "test_group_commit_fail"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected failure'; END; $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER "test_group_commit_fail" BEFORE INSERT ON "DraftUpdate" FOR EACH STATEMENT EXECUTE FUNCTION "test_group_commit_fail"()`);
    const failedBefore = groupCommitLog(getLogDb()).stats.failedCommits;
    const texts = all.map((e, i) => {
      const t = `失败时-${i}`;
      addParagraph(e.ydoc, t);
      return t;
    });
    // The clients resend after every refusal; none of them is ever told it is saved.
    await expect.poll(() => groupCommitLog(getLogDb()).stats.failedCommits - failedBefore, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(all.map((e) => e.zeros)).toEqual(all.map(() => 0));
    const during = (await storedText(db, drafts[0]!)) + (await storedText(db, drafts[1]!));
    for (const t of texts) expect(during).not.toContain(t);

    await db.$executeRawUnsafe(`DROP TRIGGER "test_group_commit_fail" ON "DraftUpdate"`);
    for (const e of all) await expect.poll(() => e.provider.unsyncedChanges, { timeout: 20_000 }).toBe(0);
    const after = (await storedText(db, drafts[0]!)) + (await storedText(db, drafts[1]!));
    for (const t of texts) expect(after.split(t).length - 1).toBe(1);
    for (const e of all) e.provider.destroy();
  });

  it("a draft that refuses updates (FINAL) fails alone; the rest of the statement commits", async () => {
    const finalDraft = await newDraft("成组提交定稿");
    await db.draft.update({ where: { id: finalDraft }, data: { status: "FINAL" } });
    const open = drafts[1]!;
    const before = await db.draftUpdate.count({ where: { draftId: open } });
    const { yStateFromJson } = await import("../services/drafts/content");
    const update = yStateFromJson({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "另一稿" }] }] });
    const results = await Promise.allSettled([
      appendUpdate({ db, draftId: open, update, userId: null }),
      appendUpdate({ db, draftId: finalDraft, update, userId: null }),
      appendUpdate({ db, draftId: open, update, userId: null }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/final/);
    expect(await db.draftUpdate.count({ where: { draftId: open } })).toBe(before + 2);
    expect(await db.draftUpdate.count({ where: { draftId: finalDraft } })).toBe(0);
  });
});

describe("compaction from the live document", () => {
  it("writes the document's state as the snapshot, deletes exactly the rows given, and merges a snapshot written by someone else", async () => {
    const Yjs = await import("yjs");
    const { compactFromState, compactDraft, loadDocState } = await import("../services/drafts/doc-store");
    const draftId = await newDraft("内存压缩");
    const loaded = await loadDocState({ db, draftId });
    const live = new Yjs.Doc();
    Yjs.applyUpdate(live, loaded.state);
    const edit = (text: string) => {
      const sv = Yjs.encodeStateVector(live);
      addParagraph(live, text);
      return Yjs.encodeStateAsUpdate(live, sv);
    };
    await appendUpdate({ db, draftId, update: edit("甲"), userId: null });
    await appendUpdate({ db, draftId, update: edit("乙"), userId: null });
    const ours = (await db.draftUpdate.findMany({ where: { draftId }, select: { id: true } })).map((r) => r.id);
    // A row the live document has not seen (another instance's): it must survive.
    const other = new Yjs.Doc();
    Yjs.applyUpdate(other, loaded.state);
    const sv = Yjs.encodeStateVector(other);
    addParagraph(other, "别处的修改");
    await appendUpdate({ db, draftId, update: Yjs.encodeStateAsUpdate(other, sv), userId: null });

    const mark = await compactFromState({ db, draftId, rowIds: [...loaded.rowIds, ...ours], basedOn: loaded.snapshot, state: () => Yjs.encodeStateAsUpdate(live) });
    expect(mark).not.toBeNull();
    expect(await db.draftUpdate.count({ where: { draftId } })).toBe(1);
    let text = await storedText(db, draftId);
    for (const t of ["开头", "甲", "乙", "别处的修改"]) expect(text).toContain(t);

    // Someone else folds the log (the other row) into a snapshot of their own: ours merges it.
    await compactDraft({ db, draftId });
    await appendUpdate({ db, draftId, update: edit("丙"), userId: null });
    const mine = (await db.draftUpdate.findMany({ where: { draftId }, select: { id: true } })).map((r) => r.id);
    await compactFromState({ db, draftId, rowIds: mine, basedOn: mark, state: () => Yjs.encodeStateAsUpdate(live) });
    expect(await db.draftUpdate.count({ where: { draftId } })).toBe(0);
    text = await storedText(db, draftId);
    for (const t of ["开头", "甲", "乙", "丙", "别处的修改"]) expect(text).toContain(t);
  });
});
