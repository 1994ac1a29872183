import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTestDatabase, useTestDatabase } from "../../test/db";
import { makeUser, sessionFor, uniqueName } from "../../test/factories";
import type { SessionUser } from "../../auth/session";
import type { Db } from "../../db/client";
import { subscribe, type AppEvent } from "../events";
import {
  addMembership, changeMembershipRole, createCommittee, listCommitteeChoices, listCommitteeDirectory, listCommittees, listCreatableCommittees,
  removeMembership, updateCommittee,
} from "./committees";

// Committees and memberships as the secretariat changes them: the rules a person would run
// into (one head, no duplicate members, unique names), every change audited, and access
// events for changes that take rights away or change them.

let db: Db;
let asAdmin: SessionUser;

beforeAll(async () => {
  db = useTestDatabase();
  asAdmin = await sessionFor(db, (await makeUser(db, { role: "ADMIN" })).id);
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
    const c = await createCommittee({ db, actor: asAdmin, name, description: "" });
    await expect(createCommittee({ db, actor: asAdmin, name, description: "" })).rejects.toMatchObject({ code: "CONFLICT", messageKey: "committeeNameTaken" });
    const renamed = uniqueName("经济与科技委员会");
    await updateCommittee({ db, actor: asAdmin, committeeId: c.id, name: renamed, description: "新的职责" });
    const types = (await db.auditEvent.findMany({ where: { targetId: c.id }, orderBy: { id: "asc" } })).map((e) => e.type);
    expect(types).toEqual(["committee.created", "committee.updated"]);
    expect(await db.committee.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ name: renamed, description: "新的职责" });
  });

  it("has at most one head, and refuses a second membership of the same person", async () => {
    const c = await createCommittee({ db, actor: asAdmin, name: uniqueName("委"), description: "" });
    const [head, other] = [await makeUser(db), await makeUser(db)];
    await addMembership({ db, actor: asAdmin, committeeId: c.id, userId: head.id, role: "HEAD" });
    await expect(addMembership({ db, actor: asAdmin, committeeId: c.id, userId: other.id, role: "HEAD" })).rejects.toMatchObject({ messageKey: "committeeHasHead" });
    const m = await addMembership({ db, actor: asAdmin, committeeId: c.id, userId: other.id, role: "MEMBER" });
    await expect(changeMembershipRole({ db, actor: asAdmin, membershipId: m.id, role: "HEAD" })).rejects.toMatchObject({ messageKey: "committeeHasHead" });
    await expect(addMembership({ db, actor: asAdmin, committeeId: c.id, userId: other.id, role: "DEPUTY_HEAD" })).rejects.toMatchObject({ messageKey: "alreadyMember" });
    expect(await db.membership.count({ where: { committeeId: c.id } })).toBe(2);
  });

  it("a role change or removal is audited and announced, so open editors follow at once", async () => {
    const c = await createCommittee({ db, actor: asAdmin, name: uniqueName("委"), description: "" });
    const u = await makeUser(db);
    const m = await addMembership({ db, actor: asAdmin, committeeId: c.id, userId: u.id, role: "DEPUTY_HEAD" });
    const { events, stop } = recordEvents();
    try {
      await changeMembershipRole({ db, actor: asAdmin, membershipId: m.id, role: "MEMBER" });
      await removeMembership({ db, actor: asAdmin, membershipId: m.id });
    } finally {
      stop();
    }
    expect(events.filter((e) => e.type === "access.changed" && "userId" in e && e.userId === u.id)).toHaveLength(2);
    const audit = await db.auditEvent.findMany({ where: { targetId: c.id, type: { in: ["membership.role_changed", "membership.removed"] } }, orderBy: { id: "asc" } });
    expect(audit.map((e) => [e.type, e.data])).toEqual([
      ["membership.role_changed", expect.objectContaining({ userId: u.id, from: "DEPUTY_HEAD", to: "MEMBER" })],
      ["membership.removed", expect.objectContaining({ userId: u.id, role: "MEMBER" })],
    ]);
    await expect(removeMembership({ db, actor: asAdmin, membershipId: m.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("only the secretariat changes committees or lists their members; anyone else is FORBIDDEN and nothing changes", async () => {
    const c = await createCommittee({ db, actor: asAdmin, name: uniqueName("委"), description: "" });
    const head = await makeUser(db);
    await addMembership({ db, actor: asAdmin, committeeId: c.id, userId: head.id, role: "HEAD" });
    const m = await db.membership.findFirstOrThrow({ where: { committeeId: c.id, userId: head.id } });
    const chair = await sessionFor(db, (await makeUser(db, { role: "CHAIR" })).id);
    for (const actor of [await sessionFor(db, head.id), chair]) {
      const refused = { code: "FORBIDDEN" };
      await expect(createCommittee({ db, actor, name: uniqueName("委"), description: "" })).rejects.toMatchObject(refused);
      await expect(updateCommittee({ db, actor, committeeId: c.id, name: uniqueName("改"), description: "" })).rejects.toMatchObject(refused);
      await expect(addMembership({ db, actor, committeeId: c.id, userId: chair.id, role: "MEMBER" })).rejects.toMatchObject(refused);
      await expect(changeMembershipRole({ db, actor, membershipId: m.id, role: "MEMBER" })).rejects.toMatchObject(refused);
      await expect(removeMembership({ db, actor, membershipId: m.id })).rejects.toMatchObject(refused);
      await expect(listCommittees({ db, actor })).rejects.toMatchObject(refused);
    }
    expect(await db.membership.findMany({ where: { committeeId: c.id }, select: { userId: true, role: true } })).toEqual([{ userId: head.id, role: "HEAD" }]);
    expect(await db.auditEvent.count({ where: { targetId: c.id } })).toBe(2);
  });

  it("the directory shows ordinary members to the secretariat only; creatable committees follow draftPolicy.create", async () => {
    const c = await createCommittee({ db, actor: asAdmin, name: uniqueName("委"), description: "" });
    const [head, deputy, member] = [await makeUser(db), await makeUser(db), await makeUser(db)];
    await addMembership({ db, actor: asAdmin, committeeId: c.id, userId: head.id, role: "HEAD" });
    await addMembership({ db, actor: asAdmin, committeeId: c.id, userId: deputy.id, role: "DEPUTY_HEAD" });
    await addMembership({ db, actor: asAdmin, committeeId: c.id, userId: member.id, role: "MEMBER" });
    const shown = async (actor: SessionUser) => {
      const row = (await listCommitteeDirectory({ db, actor })).find((x) => x.id === c.id);
      return { memberCount: row?.memberCount, ids: row?.leaders.map((l) => l.userId).sort() };
    };
    const memberActor = await sessionFor(db, member.id);
    expect(await shown(memberActor)).toEqual({ memberCount: 3, ids: [head.id, deputy.id].sort() });
    expect(await shown(asAdmin)).toEqual({ memberCount: 3, ids: [head.id, deputy.id, member.id].sort() });
    const creatable = async (actor: SessionUser) => (await listCreatableCommittees({ db, actor })).some((x) => x.id === c.id);
    expect(await creatable(await sessionFor(db, deputy.id))).toBe(true);
    expect(await creatable(asAdmin)).toBe(true);
    expect(await creatable(memberActor)).toBe(false);
    // The drafts list's choices: the directory's committees (names only) and the same "may create".
    for (const actor of [memberActor, await sessionFor(db, deputy.id), asAdmin]) {
      const choices = await listCommitteeChoices({ db, actor });
      expect(choices.committees).toEqual((await listCommitteeDirectory({ db, actor })).map((x) => ({ id: x.id, name: x.name })));
      expect(choices.creatable).toEqual(await listCreatableCommittees({ db, actor }));
    }
  });
});
