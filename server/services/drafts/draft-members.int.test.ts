import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../options";
import { closeTestDatabase, useTestDatabase } from "../../test/db";
import { makeUser, sessionFor, uniqueName, type TestUser } from "../../test/factories";
import type { Db } from "../../db/client";
import { subscribe, type AppEvent } from "../events";
import { addMembership, createCommittee } from "../committees/committees";
import { setUserDisabled } from "../users/users";
import { createDraft } from "./create-draft";
import { listDraftMembers, removeDraftMember, setDraftMemberRole } from "./draft-members";

// Explicit roles on a draft: the owner's role is fixed, disabled or unknown people cannot be
// given one, every change is audited and announced to the collab server.

let db: Db;
let owner: TestUser;
let draftId: string;

beforeAll(async () => {
  db = useTestDatabase();
  const admin = await makeUser(db, { role: "ADMIN" });
  owner = await makeUser(db);
  const c = await createCommittee({ db, actor: await sessionFor(db, admin.id), name: uniqueName("委"), description: "" });
  await addMembership({ db, actor: await sessionFor(db, admin.id), committeeId: c.id, userId: owner.id, role: "HEAD" });
  draftId = (await createDraft({ db, actor: await sessionFor(db, owner.id), input: { title: "成员测试", kind: "SPEECH", committeeId: c.id } })).id;
});
afterAll(closeTestDatabase);

describe("draft members", () => {
  it("sets, changes and removes a role, audited and announced", async () => {
    const u = await makeUser(db);
    const events: AppEvent[] = [];
    const stop = subscribe((e) => events.push(e));
    try {
      await setDraftMemberRole({ db, actor: await sessionFor(db, owner.id), draftId, userId: u.id, role: "COMMENTER" });
      await setDraftMemberRole({ db, actor: await sessionFor(db, owner.id), draftId, userId: u.id, role: "EDITOR" });
      expect((await listDraftMembers({ db, actor: await sessionFor(db, owner.id), draftId })).explicit).toEqual([expect.objectContaining({ userId: u.id, role: "EDITOR" })]);
      await removeDraftMember({ db, actor: await sessionFor(db, owner.id), draftId, userId: u.id });
    } finally {
      stop();
    }
    expect((await listDraftMembers({ db, actor: await sessionFor(db, owner.id), draftId })).explicit).toEqual([]);
    expect(events).toEqual(Array(3).fill({ type: "access.changed", draftId, userId: u.id }));
    const audit = await db.auditEvent.findMany({ where: { targetId: draftId, type: { startsWith: "draft.member" } }, orderBy: { id: "asc" } });
    expect(audit.map((e) => e.type)).toEqual(["draft.member_set", "draft.member_set", "draft.member_removed"]);
  });

  it("refuses the owner, a disabled person and an unknown one; removing a non-member is NOT_FOUND", async () => {
    await expect(setDraftMemberRole({ db, actor: await sessionFor(db, owner.id), draftId, userId: owner.id, role: "VIEWER" })).rejects.toMatchObject({ messageKey: "ownerRoleFixed" });
    const gone = await makeUser(db);
    await setUserDisabled({ db, actor: SYSTEM, userId: gone.id, disabled: true });
    await expect(setDraftMemberRole({ db, actor: await sessionFor(db, owner.id), draftId, userId: gone.id, role: "VIEWER" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(setDraftMemberRole({ db, actor: await sessionFor(db, owner.id), draftId, userId: "no-such-user", role: "VIEWER" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(removeDraftMember({ db, actor: await sessionFor(db, owner.id), draftId, userId: gone.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
