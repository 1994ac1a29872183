import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTestDatabase, useTestDatabase } from "../test/db";
import { makeUser, sessionFor, uniqueName, type TestUser } from "../test/factories";
import type { Db } from "../db/client";
import { SYSTEM } from "../services/options";
import { addMembership, createCommittee } from "../services/committees/committees";
import { createDraft } from "../services/drafts/create-draft";
import { setDraftMemberRole } from "../services/drafts/draft-members";
import { setUserDisabled } from "../services/users/users";
import { collabAccess, collabAccessMany } from "./access";

// The periodic recheck decides for every open connection at once (collabAccessMany); it must
// give each (user, session, draft) exactly the answer the per-connection decision gives:
// owner (the head), committee roles, an explicit narrower role, the chair who reads everything, an
// outsider, a disabled user, a stale session, an unknown draft, and a draft after 定稿.

let db: Db;
const people: Record<string, TestUser> = {};
let draftId: string;
let finalId: string;

beforeAll(async () => {
  db = useTestDatabase();
  const c = await createCommittee({ db, actor: SYSTEM, name: uniqueName("委员会"), description: "" });
  for (const name of ["owner", "deputy", "member", "narrowed", "outsider", "disabled"]) people[name] = await makeUser(db);
  people.chair = await makeUser(db, { role: "CHAIR" });
  await addMembership({ db, actor: SYSTEM, committeeId: c.id, userId: people.owner!.id, role: "HEAD" });
  await addMembership({ db, actor: SYSTEM, committeeId: c.id, userId: people.deputy!.id, role: "DEPUTY_HEAD" });
  await addMembership({ db, actor: SYSTEM, committeeId: c.id, userId: people.member!.id, role: "MEMBER" });
  await addMembership({ db, actor: SYSTEM, committeeId: c.id, userId: people.narrowed!.id, role: "DEPUTY_HEAD" });
  await addMembership({ db, actor: SYSTEM, committeeId: c.id, userId: people.disabled!.id, role: "MEMBER" });
  const owner = await sessionFor(db, people.owner!.id);
  draftId = (await createDraft({ db, actor: owner, input: { title: "批量判定", kind: "SPEECH", committeeId: c.id } })).id;
  finalId = (await createDraft({ db, actor: owner, input: { title: "已定稿", kind: "SPEECH", committeeId: c.id } })).id;
  await setDraftMemberRole({ db, actor: owner, draftId, userId: people.narrowed!.id, role: "VIEWER" });
  // Final: written the way 定稿 leaves it (the sign-off flow is tested elsewhere).
  await db.draft.update({ where: { id: finalId }, data: { status: "FINAL" } });
  await setUserDisabled({ db, actor: SYSTEM, userId: people.disabled!.id, disabled: true });
});

afterAll(closeTestDatabase);

describe("collabAccessMany", () => {
  it("gives every (user, session, draft) the same decision as collabAccess", async () => {
    const versions = new Map((await db.user.findMany({ select: { id: true, sessionVersion: true } })).map((u) => [u.id, u.sessionVersion]));
    const keys = Object.values(people).flatMap((u) =>
      [draftId, finalId, "c0000000000000000000nope"].flatMap((d) => [
        { userId: u.id, sessionVersion: versions.get(u.id)!, draftId: d },
        { userId: u.id, sessionVersion: versions.get(u.id)! + 1, draftId: d }, // a session from before a password change
      ]),
    );
    const one = await Promise.all(keys.map((k) => collabAccess(k)));
    const many = await collabAccessMany(keys);
    const view = (a: Awaited<ReturnType<typeof collabAccess>>) => (a ? { user: a.user.id, role: a.role, readOnly: a.readOnly } : null);
    expect(many.map(view)).toEqual(one.map(view));
    // The cases are really different: some refused, some read-only, some writable.
    expect(one.filter((a) => a === null).length).toBeGreaterThan(0);
    expect(one.filter((a) => a?.readOnly).length).toBeGreaterThan(0);
    expect(one.filter((a) => a && !a.readOnly).length).toBeGreaterThan(0);
    expect(view(many[keys.findIndex((k) => k.userId === people.narrowed!.id && k.draftId === draftId)]!)).toMatchObject({ role: "VIEWER", readOnly: true });
  });
});
