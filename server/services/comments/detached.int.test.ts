import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Db } from "../../db/client";
import { closeTestDatabase, useTestDatabase } from "../../test/db";
import { startTestCollab, type TestCollab } from "../../test/collab";
import { commentsFixture, SECTIONS, type CommentsFixture } from "./test-fixture";

// A thread keeps its section's title as last seen: renaming the heading in the editor updates
// it once the derived outline settles, and deleting the section moves the thread to the
// detached list (已脱离) with that last title — never dropped. Driven through the real collab
// server, as an editor would.

let db: Db;
let f: CommentsFixture;
let collab: TestCollab;

beforeAll(async () => {
  db = useTestDatabase();
  f = await commentsFixture(db);
  collab = await startTestCollab(db);
});
afterAll(async () => {
  await collab?.close();
  await closeTestDatabase();
});

function headingOf(ydoc: Y.Doc, sid: string): Y.XmlElement {
  const found = ydoc.getXmlFragment("default").toArray().find((n) => n instanceof Y.XmlElement && n.getAttribute("sid") === sid);
  if (!found) throw new Error(`no heading ${sid}`);
  return found as Y.XmlElement;
}

const sectionRows = () => db.draftSection.findMany({ where: { draftId: f.draft.id }, orderBy: { position: "asc" }, select: { sid: true, title: true } });

describe("threads of renamed and deleted sections", () => {
  it("follow the heading's new title, and stay listed as detached with the last title when the section is deleted", async () => {
    const author = await f.as(f.people.a);
    const { threadId } = await author.comments.create({ draftId: f.draft.id, sid: SECTIONS.three, body: "保障措施太笼统。" });
    const { ydoc, provider } = await collab.connect(f.people.owner.id, f.draft.id);
    await expect.poll(() => provider.isSynced, { timeout: 10_000 }).toBe(true);

    // Rename 保障措施 → 组织保障 in the document.
    const text = headingOf(ydoc, SECTIONS.three).get(0) as Y.XmlText;
    ydoc.transact(() => {
      text.delete(0, text.length);
      text.insert(0, "组织保障");
    });
    await expect.poll(async () => (await sectionRows()).find((s) => s.sid === SECTIONS.three)?.title, { timeout: 20_000 }).toBe("组织保障");
    expect((await db.commentThread.findUniqueOrThrow({ where: { id: threadId } })).sectionTitle).toBe("组织保障");
    let t = (await author.comments.list({ draftId: f.draft.id })).threads.find((x) => x.id === threadId)!;
    expect(t).toMatchObject({ sectionTitle: "组织保障", detached: false });

    // Delete the section's heading (its body joins the section before).
    const fragment = ydoc.getXmlFragment("default");
    fragment.delete(fragment.toArray().indexOf(headingOf(ydoc, SECTIONS.three)), 1);
    await expect.poll(async () => (await sectionRows()).map((s) => s.sid), { timeout: 20_000 }).not.toContain(SECTIONS.three);

    const reader = await f.as(f.people.viewer);
    const list = await reader.comments.list({ draftId: f.draft.id });
    t = list.threads.find((x) => x.id === threadId)!;
    expect(t).toMatchObject({ sid: SECTIONS.three, sectionTitle: "组织保障", detached: true, status: "OPEN" });
    expect(list.threads.at(-1)?.id).toBe(threadId); // detached threads come last
    const row = (await reader.comments.register({ draftId: f.draft.id })).rows.find((r) => r.threadId === threadId)!;
    expect(row).toMatchObject({ detached: true, sectionLabel: "", sectionTitle: "组织保障", comment: "保障措施太笼统。" });
    // Still a thread like any other: replies work.
    await (await f.as(f.people.b)).comments.reply({ draftId: f.draft.id, threadId, body: "同意。" });
  });
});
