import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../options";
import { closeTestDatabase, useTestDatabase } from "../../test/db";
import { makeUser, sessionFor, uniqueName, type TestUser } from "../../test/factories";
import type { Db } from "../../db/client";
import { subscribe, type AppEvent } from "../events";
import { addMembership, createCommittee } from "../committees/committees";
import { setUserDisabled } from "../users/users";
import { createDraft } from "./create-draft";
import { draftMemberCandidates, listDraftMembers, removeDraftMember, setDraftMemberRole } from "./draft-members";
import type { SessionUser } from "../../auth/session";

// Explicit roles on a draft: the owner's role is fixed, disabled or unknown people cannot be
// given one, every change is audited and announced to the collab server.

let db: Db;
let adminId: string;
let owner: TestUser;
let asOwner: SessionUser;
let committeeId: string;
let draftId: string;

beforeAll(async () => {
  db = useTestDatabase();
  const admin = await makeUser(db, { role: "ADMIN" });
  owner = await makeUser(db);
  adminId = admin.id;
  const c = await createCommittee({ db, actor: await sessionFor(db, admin.id), name: uniqueName("委"), description: "" });
  await addMembership({ db, actor: await sessionFor(db, admin.id), committeeId: c.id, userId: owner.id, role: "HEAD" });
  asOwner = await sessionFor(db, owner.id);
  committeeId = c.id;
  draftId = (await createDraft({ db, actor: asOwner, input: { title: "成员测试", kind: "SPEECH", committeeId: c.id } })).id;
});
afterAll(closeTestDatabase);

describe("draft members", () => {
  it("sets, changes and removes a role, audited and announced", async () => {
    const u = await makeUser(db);
    const events: AppEvent[] = [];
    const stop = subscribe((e) => events.push(e));
    try {
      await setDraftMemberRole({ db, actor: asOwner, draftId, userId: u.id, role: "COMMENTER" });
      await setDraftMemberRole({ db, actor: asOwner, draftId, userId: u.id, role: "EDITOR" });
      expect((await listDraftMembers({ db, actor: asOwner, draftId })).explicit).toEqual([expect.objectContaining({ userId: u.id, role: "EDITOR" })]);
      await removeDraftMember({ db, actor: asOwner, draftId, userId: u.id });
    } finally {
      stop();
    }
    expect((await listDraftMembers({ db, actor: asOwner, draftId })).explicit).toEqual([]);
    expect(events).toEqual(Array(3).fill({ type: "access.changed", draftId, userId: u.id }));
    const audit = await db.auditEvent.findMany({ where: { targetId: draftId, type: { startsWith: "draft.member" } }, orderBy: { id: "asc" } });
    expect(audit.map((e) => e.type)).toEqual(["draft.member_set", "draft.member_set", "draft.member_removed"]);
  });

  it("refuses the owner, a disabled person and an unknown one; removing a non-member is NOT_FOUND", async () => {
    await expect(setDraftMemberRole({ db, actor: asOwner, draftId, userId: owner.id, role: "VIEWER" })).rejects.toMatchObject({ messageKey: "ownerRoleFixed" });
    const gone = await makeUser(db);
    await setUserDisabled({ db, actor: SYSTEM, userId: gone.id, disabled: true });
    await expect(setDraftMemberRole({ db, actor: asOwner, draftId, userId: gone.id, role: "VIEWER" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(setDraftMemberRole({ db, actor: asOwner, draftId, userId: "no-such-user", role: "VIEWER" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(removeDraftMember({ db, actor: asOwner, draftId, userId: gone.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("only the owner or the secretariat manages roles: a committee member is FORBIDDEN, an outsider NOT_FOUND", async () => {
    const [member, outsider, target] = [await makeUser(db), await makeUser(db), await makeUser(db)];
    await addMembership({ db, actor: await sessionFor(db, adminId), committeeId, userId: member.id, role: "MEMBER" });
    const asMember = await sessionFor(db, member.id);
    const asOutsider = await sessionFor(db, outsider.id);
    await expect(setDraftMemberRole({ db, actor: asMember, draftId, userId: target.id, role: "EDITOR" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(draftMemberCandidates({ db, actor: asMember, draftId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await listDraftMembers({ db, actor: asMember, draftId })).ownerId).toBe(owner.id);
    await expect(setDraftMemberRole({ db, actor: asOutsider, draftId, userId: target.id, role: "EDITOR" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(listDraftMembers({ db, actor: asOutsider, draftId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.draftMember.count({ where: { draftId, userId: target.id } })).toBe(0);

    await setDraftMemberRole({ db, actor: await sessionFor(db, adminId), draftId, userId: target.id, role: "VIEWER" });
    await expect(removeDraftMember({ db, actor: asMember, draftId, userId: target.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.draftMember.count({ where: { draftId, userId: target.id } })).toBe(1);
    const candidates = await draftMemberCandidates({ db, actor: asOwner, draftId });
    expect(candidates.map((u) => u.id)).toEqual(expect.arrayContaining([member.id, outsider.id, target.id]));
    expect(candidates.map((u) => u.id)).not.toContain(owner.id);
  });
});
