import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { closeTestDatabase, useTestDatabase } from "../../test/db";
import { startTestCollab, storedText, type TestCollab } from "../../test/collab";
import type { Db } from "../../db/client";
import { appendUpdate, loadDocState } from "../drafts/doc-store";
import { finalLock } from "./common";
import { sectionEdit, signoffFixture, SIDS, type SignoffFixture } from "./test-fixture";
import { parseStateless, type StatelessMessage } from "@/lib/collab/protocol";

// 定稿 makes the draft read-only everywhere: an editor's open connection (through the real
// collab server) turns read-only within a second of the last signature, without a reload, and
// its further updates are never stored; the database refuses a Yjs update for a FINAL draft
// even from a connection the server has not flipped yet; reopening makes it writable again.

let db: Db;
let f: SignoffFixture;
let collab: TestCollab;

beforeAll(async () => {
  db = useTestDatabase();
  f = await signoffFixture(db);
  collab = await startTestCollab(db);
});
afterAll(async () => {
  await collab?.close();
  await closeTestDatabase();
});

/** A one-stage rule (the chair), v1 frozen and under sign-off. */
async function draftUnderSignoff() {
  const draft = await f.newDraft();
  const owner = await f.as(f.people.owner);
  await owner.signoff.setRule({ draftId: draft.id, stages: [{ name: "主席", signerIds: [f.people.chair.id], threshold: { k: 1 } }], gate: "BLOCK" });
  const v1 = await owner.versions.freeze({ draftId: draft.id, label: "送审稿", note: "" });
  const { roundId } = await owner.signoff.request({ draftId: draft.id, versionId: v1.versionId });
  return { draftId: draft.id, owner, v1, roundId };
}

describe("the FINAL switch", () => {
  it("turns open editors read-only within 1 s, refuses their updates, and reopening makes them writable again", async () => {
    const { draftId, owner, v1, roundId } = await draftUnderSignoff();
    type Heard = { at: number; message: StatelessMessage | null }[];
    const listen = async (heard: Heard) => {
      const c = await collab.connect(f.people.head.id, draftId, { onStateless: ({ payload }) => heard.push({ at: performance.now(), message: parseStateless(payload) }) });
      await expect.poll(() => c.provider.isSynced, { timeout: 10_000 }).toBe(true);
      return c;
    };
    // Two tabs of an editor: one the real editor (it stops typing when told), one a crafted client that keeps sending.
    const heard: Heard = [];
    const editor = await listen(heard);
    const crafted = await listen([]);

    // Writable: an edit is acknowledged and stored.
    sectionEdit(editor.ydoc, SIDS.er, "定稿前的修改");
    await expect.poll(() => editor.provider.unsyncedChanges, { timeout: 10_000 }).toBe(0);
    expect(await storedText(db, draftId)).toContain("定稿前的修改");

    // The last signature: 定稿. The editor hears it is read-only within a second.
    const chair = await f.as(f.people.chair);
    const t0 = performance.now();
    expect(await chair.signoff.sign({ draftId, roundId, versionId: v1.versionId, hashSeen: v1.hash, decision: "APPROVE", comment: "" }))
      .toMatchObject({ roundStatus: "APPROVED" });
    await expect.poll(() => heard.find((m) => m.message?.readOnly), { timeout: 1_000, interval: 20 }).toBeTruthy();
    const flipped = heard.find((m) => m.message?.readOnly)!;
    expect(flipped.at - t0).toBeLessThan(1_000);
    expect(flipped.message).toEqual({ type: "access", readOnly: true, role: "EDITOR" });

    // An update sent anyway is never acknowledged nor stored.
    await new Promise((r) => setTimeout(r, 200));
    const before = await db.draftUpdate.count({ where: { draftId } });
    sectionEdit(crafted.ydoc, SIDS.er, "定稿后偷偷修改");
    await new Promise((r) => setTimeout(r, 700));
    expect(crafted.provider.unsyncedChanges).toBeGreaterThan(0);
    expect(await db.draftUpdate.count({ where: { draftId } })).toBe(before);
    expect(await storedText(db, draftId)).not.toContain("定稿后偷偷修改");

    // Reopened by the owner: the editor's connection is writable again, without a reload.
    await owner.signoff.reopen({ draftId, reason: "会后补充" });
    await expect.poll(() => heard.filter((m) => m.message?.readOnly === false).length, { timeout: 2_000, interval: 20 }).toBe(1);
    sectionEdit(editor.ydoc, SIDS.san, "重新打开后的修改");
    await expect.poll(() => editor.provider.unsyncedChanges, { timeout: 10_000 }).toBe(0);
    expect(await storedText(db, draftId)).toContain("重新打开后的修改");
  });

  it("refuses a Yjs update for a FINAL draft in the database, even one stored while finalizing", async () => {
    const { draftId } = await draftUnderSignoff();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await loadDocState({ db, draftId })).state);
    const late = sectionEdit(doc, SIDS.yi, "与定稿同时到达的修改");

    // A finalizing transaction holds the final lock; an update arriving meanwhile waits for it
    // and is refused once FINAL commits — it neither slips in before nor after.
    let committedAt = 0;
    const finalizing = db.$transaction(async (tx) => {
      await finalLock(tx, draftId);
      await tx.draft.update({ where: { id: draftId }, data: { status: "FINAL" } });
      await new Promise((r) => setTimeout(r, 300));
    }).then(() => (committedAt = performance.now()));
    await new Promise((r) => setTimeout(r, 100));
    const append = appendUpdate({ db, draftId, update: late, userId: f.people.head.id }).then(
      () => ({ ok: true as const, at: performance.now() }),
      (e: Error) => ({ ok: false as const, at: performance.now(), message: e.message }),
    );
    await finalizing;
    const result = await append;
    expect(result.ok).toBe(false);
    expect(result.at).toBeGreaterThanOrEqual(committedAt - 5);
    expect(await storedText(db, draftId)).not.toContain("与定稿同时到达的修改");

    // And after commit, straight away.
    await expect(appendUpdate({ db, draftId, update: late, userId: null })).rejects.toThrow(/final/);
  });
});
