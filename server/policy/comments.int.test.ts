import { afterAll, describe, expect, it } from "vitest";
import { closeTestDatabase, useTestDatabase } from "../test/db";
import { makeUser, sessionFor } from "../test/factories";
import { commentsFixture } from "../services/comments/test-fixture";
import { threadFacts, threadInclude } from "../services/comments/common";
import { loadDraftAccess } from "../services/drafts/draft-access";
import { commentPolicy, visibleThreadsWhere } from "./comments";

// visibleThreadsWhere (lists, counts, notifications, 工作台) and commentPolicy.readThread (one
// thread) are one rule written twice. Over every kind of person and every kind of thread —
// members / internal, written by each of them, mentioning each of them — they agree.

afterAll(closeTestDatabase);

describe("thread visibility: database filter vs policy", () => {
  it("agree for every person and thread", async () => {
    const db = useTestDatabase();
    const f = await commentsFixture(db);
    const disabled = await makeUser(db);
    const people = [...Object.values(f.people), f.admin];
    const writers = [f.people.owner, f.people.editor, f.people.a, f.people.viewer];
    // Threads written straight into the database: every combination, including mentions the
    // services would refuse (someone without access), so the rule is tested on its own.
    for (const author of writers) {
      for (const visibility of ["MEMBERS", "INTERNAL"] as const) {
        for (const mentioned of [null, f.people.b, f.people.editor, f.people.outsider, f.people.chair, disabled]) {
          await db.commentThread.create({
            data: {
              draftId: f.draft.id, sid: "s-one", authorId: author.id, visibility,
              comments: { create: { authorId: author.id, body: "x", mentions: mentioned ? { create: { userId: mentioned.id } } : undefined } },
            },
          });
        }
      }
    }
    await db.user.update({ where: { id: disabled.id }, data: { disabled: true } });
    const all = await db.commentThread.findMany({ where: { draftId: f.draft.id }, include: threadInclude });
    expect(all.length).toBe(writers.length * 2 * 6);
    let compared = 0;
    for (const p of people) {
      const actor = await sessionFor(db, p.id);
      const role = await loadDraftAccess({ db, actor, draftId: f.draft.id }).then((x) => x.role, () => null);
      const byPolicy = all.filter((t) => commentPolicy.readThread(role, actor, threadFacts(t))).map((t) => t.id).sort();
      const byFilter = (await db.commentThread.findMany({ where: { AND: [{ draftId: f.draft.id }, visibleThreadsWhere(actor)] }, select: { id: true } }))
        .map((t) => t.id)
        .sort();
      expect(byFilter, `${p.username} (${role})`).toEqual(byPolicy);
      compared += all.length;
    }
    // The disabled person sees nothing either way.
    expect(visibleThreadsWhere({ id: disabled.id, role: "MEMBER", disabled: true, memberships: [] })).toEqual({ id: { in: [] } });
    expect(compared).toBe(people.length * all.length);
  });
});
