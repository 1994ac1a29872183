import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTestDatabase, useTestDatabase } from "../../test/db";
import { makeUser, sessionFor, uniqueName, type TestUser } from "../../test/factories";
import type { Db } from "../../db/client";
import type { DraftRole } from "../../db/generated/enums";
import { draftRole } from "../../policy/drafts";
import { addMembership, createCommittee } from "../committees/committees";
import { createDraft } from "./create-draft";
import { setDraftMemberRole } from "./draft-members";
import { listDrafts } from "./list-drafts";

// The drafts list and the policy are one rule: for every kind of person, the list (and its
// total) holds exactly the drafts draftRole gives them a role on, with that role.

let db: Db;
const prefix = uniqueName("可见性");
const people: Record<string, TestUser> = {};
const draftIds: string[] = [];

beforeAll(async () => {
  db = useTestDatabase();
  const admin = await makeUser(db, { role: "ADMIN" });
  people.admin = admin;
  people.chair = await makeUser(db, { role: "CHAIR" });
  people.vice = await makeUser(db, { role: "VICE_CHAIR" });
  for (const n of ["headA", "deputyA", "memberA", "headB", "memberB", "outsider", "invited", "twoCommittees"]) people[n] = await makeUser(db);
  const a = await createCommittee({ db, actor: await sessionFor(db, admin.id), name: uniqueName("甲委"), description: "" });
  const b = await createCommittee({ db, actor: await sessionFor(db, admin.id), name: uniqueName("乙委"), description: "" });
  const add = async (c: string, u: TestUser, role: "HEAD" | "DEPUTY_HEAD" | "MEMBER") => addMembership({ db, actor: await sessionFor(db, admin.id), committeeId: c, userId: u.id, role });
  await add(a.id, people.headA!, "HEAD");
  await add(a.id, people.deputyA!, "DEPUTY_HEAD");
  await add(a.id, people.memberA!, "MEMBER");
  await add(b.id, people.headB!, "HEAD");
  await add(b.id, people.memberB!, "MEMBER");
  await add(a.id, people.twoCommittees!, "MEMBER");
  await add(b.id, people.twoCommittees!, "DEPUTY_HEAD");

  // A generated set: each combination of committee, owner and explicit roles.
  const owners = [
    { owner: people.headA!, committee: a.id },
    { owner: people.deputyA!, committee: a.id },
    { owner: people.headB!, committee: b.id },
    { owner: admin, committee: b.id },
  ];
  const explicitChoices: [string, Exclude<DraftRole, "OWNER">][][] = [
    [],
    [["invited", "VIEWER"]],
    [["memberA", "VIEWER"], ["outsider", "EDITOR"]], // narrowing a committee member, inviting a stranger
    [["memberB", "COMMENTER"], ["invited", "EDITOR"], ["twoCommittees", "VIEWER"]],
  ];
  let n = 0;
  for (const { owner, committee } of owners) {
    for (const explicit of explicitChoices) {
      const d = await createDraft({
        db,
        actor: await sessionFor(db, owner.id),
        input: { title: `${prefix} ${++n}`, kind: "SPEECH", committeeId: committee },
      });
      draftIds.push(d.id);
      for (const [who, role] of explicit) await setDraftMemberRole({ db, actor: await sessionFor(db, owner.id), draftId: d.id, userId: people[who]!.id, role });
    }
  }
});

afterAll(closeTestDatabase);

async function expectedFor(user: TestUser) {
  const actor = await sessionFor(db, user.id);
  const drafts = await db.draft.findMany({ where: { id: { in: draftIds } }, include: { members: { where: { userId: user.id } } } });
  const roles = new Map<string, DraftRole>();
  for (const d of drafts) {
    const role = draftRole(actor, { ownerId: d.ownerId, committeeId: d.committeeId, status: d.status, explicitRole: d.members[0]?.role ?? null });
    if (role) roles.set(d.id, role);
  }
  return { actor, roles };
}

describe("listDrafts agrees with the policy", () => {
  it.each(["admin", "chair", "vice", "headA", "deputyA", "memberA", "headB", "memberB", "outsider", "invited", "twoCommittees"])(
    "for %s: the same drafts, the same roles, and a total that matches",
    async (who) => {
      const { actor, roles } = await expectedFor(people[who]!);
      // Small pages, so paging is exercised too.
      const seen = new Map<string, DraftRole>();
      let total = -1;
      for (let page = 1; page < 20; page++) {
        const r = await listDrafts({ db, actor, scope: "all", query: prefix, page, pageSize: 3 });
        total = r.total;
        for (const item of r.items) seen.set(item.id, item.role);
        if (r.items.length < 3) break;
      }
      expect(Object.fromEntries(seen)).toEqual(Object.fromEntries(roles));
      expect(total).toBe(roles.size);
    },
  );

  it("the outsider sees only what they were invited to, and nobody is listed nothing by accident", async () => {
    const { roles: outsider } = await expectedFor(people.outsider!);
    expect([...outsider.values()].every((r) => r === "EDITOR")).toBe(true);
    expect(outsider.size).toBe(4);
    const { roles: chair } = await expectedFor(people.chair!);
    expect(chair.size).toBe(draftIds.length);
  });
});
