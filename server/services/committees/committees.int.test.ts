import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTestDatabase, useTestDatabase } from "../../test/db";
import { makeUser, sessionFor, uniqueName, type TestUser } from "../../test/factories";
import type { Db } from "../../db/client";
import { subscribe, type AppEvent } from "../events";
import { addMembership, changeMembershipRole, createCommittee, removeMembership, updateCommittee } from "./committees";

// Committees and memberships as the secretariat changes them: the rules a person would run
// into (one head, no duplicate members, unique names), every change audited, and access
// events for changes that take rights away or change them.

let db: Db;
let admin: TestUser;

beforeAll(async () => {
  db = useTestDatabase();
  admin = await makeUser(db, { role: "ADMIN" });
});
afterAll(closeTestDatabase);

function recordEvents() {
  const events: AppEvent[] = [];
  const stop = subscribe((e) => events.push(e));
  return { events, stop };
}

describe("committees", () => {
  it("creates and renames with an audit event each; a taken name is a CONFLICT", async () => {
    const name = uniqueName("经济委员会");
    const c = await createCommittee({ db, actor: await sessionFor(db, admin.id), name, description: "" });
    await expect(createCommittee({ db, actor: await sessionFor(db, admin.id), name, description: "" })).rejects.toMatchObject({ code: "CONFLICT", messageKey: "committeeNameTaken" });
    const renamed = uniqueName("经济与科技委员会");
    await updateCommittee({ db, actor: await sessionFor(db, admin.id), committeeId: c.id, name: renamed, description: "新的职责" });
    const types = (await db.auditEvent.findMany({ where: { targetId: c.id }, orderBy: { id: "asc" } })).map((e) => e.type);
    expect(types).toEqual(["committee.created", "committee.updated"]);
    expect(await db.committee.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ name: renamed, description: "新的职责" });
  });

  it("has at most one head, and refuses a second membership of the same person", async () => {
    const c = await createCommittee({ db, actor: await sessionFor(db, admin.id), name: uniqueName("委"), description: "" });
    const [head, other] = [await makeUser(db), await makeUser(db)];
    await addMembership({ db, actor: await sessionFor(db, admin.id), committeeId: c.id, userId: head.id, role: "HEAD" });
    await expect(addMembership({ db, actor: await sessionFor(db, admin.id), committeeId: c.id, userId: other.id, role: "HEAD" })).rejects.toMatchObject({ messageKey: "committeeHasHead" });
    const m = await addMembership({ db, actor: await sessionFor(db, admin.id), committeeId: c.id, userId: other.id, role: "MEMBER" });
    await expect(changeMembershipRole({ db, actor: await sessionFor(db, admin.id), membershipId: m.id, role: "HEAD" })).rejects.toMatchObject({ messageKey: "committeeHasHead" });
    await expect(addMembership({ db, actor: await sessionFor(db, admin.id), committeeId: c.id, userId: other.id, role: "DEPUTY_HEAD" })).rejects.toMatchObject({ messageKey: "alreadyMember" });
    expect(await db.membership.count({ where: { committeeId: c.id } })).toBe(2);
  });

  it("a role change or removal is audited and announced, so open editors follow at once", async () => {
    const c = await createCommittee({ db, actor: await sessionFor(db, admin.id), name: uniqueName("委"), description: "" });
    const u = await makeUser(db);
    const m = await addMembership({ db, actor: await sessionFor(db, admin.id), committeeId: c.id, userId: u.id, role: "DEPUTY_HEAD" });
    const { events, stop } = recordEvents();
    try {
      await changeMembershipRole({ db, actor: await sessionFor(db, admin.id), membershipId: m.id, role: "MEMBER" });
      await removeMembership({ db, actor: await sessionFor(db, admin.id), membershipId: m.id });
    } finally {
      stop();
    }
    expect(events.filter((e) => e.type === "access.changed" && "userId" in e && e.userId === u.id)).toHaveLength(2);
    const audit = await db.auditEvent.findMany({ where: { targetId: c.id, type: { in: ["membership.role_changed", "membership.removed"] } }, orderBy: { id: "asc" } });
    expect(audit.map((e) => [e.type, e.data])).toEqual([
      ["membership.role_changed", expect.objectContaining({ userId: u.id, from: "DEPUTY_HEAD", to: "MEMBER" })],
      ["membership.removed", expect.objectContaining({ userId: u.id, role: "MEMBER" })],
    ]);
    await expect(removeMembership({ db, actor: await sessionFor(db, admin.id), membershipId: m.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
