import type { z } from "zod";
import { Prisma, type CommitteeRole } from "../../db/generated/client";
import { AppError, notFound } from "../../errors";
import { policy } from "../../policy";
import { draftPolicy } from "../../policy/drafts";
import { recordAuditEvent } from "../audit/record-audit-event";
import { publishAccessChanged } from "../events";
import { auditActorId, authorize, type AdminServiceOptions, type ServiceOptions } from "../options";
import type { ZCommittee } from "@/lib/schemas/user";

// Committees (专委会) and their memberships. A committee has at most one HEAD; naming a new
// head demotes nobody silently: the old head must be changed first (CONFLICT otherwise).
// Changing them is the secretariat's (policy.manageCommittees), or the portal itself (SYSTEM).

type Ctx = AdminServiceOptions;

function nameTaken(e: unknown) {
  if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
    return new AppError("CONFLICT", "committeeNameTaken");
  }
  return e;
}

/** Every committee with all its members, for the secretariat's page. */
export async function listCommittees(c: ServiceOptions) {
  authorize(c.actor, policy.manageCommittees);
  return c.db.committee.findMany({
    orderBy: { createdAt: "asc" },
    include: {
      memberships: {
        orderBy: [{ role: "asc" }, { createdAt: "asc" }],
        include: { user: { select: { id: true, name: true, username: true, title: true, disabled: true } } },
      },
    },
  });
}

export async function createCommittee(c: Ctx & z.output<typeof ZCommittee>) {
  const input = { name: c.name, description: c.description };
  authorize(c.actor, policy.manageCommittees);
  try {
    return await c.db.$transaction(async (tx) => {
      const committee = await tx.committee.create({ data: input });
      await recordAuditEvent({
        tx, actorId: auditActorId(c.actor), type: "committee.created", target: { type: "Committee", id: committee.id },
        data: { name: committee.name }, meta: c.meta,
      });
      return committee;
    });
  } catch (e) {
    throw nameTaken(e);
  }
}

export async function updateCommittee(c: Ctx & z.output<typeof ZCommittee> & { committeeId: string }) {
  const { committeeId } = c;
  const data = { name: c.name, description: c.description };
  authorize(c.actor, policy.manageCommittees);
  try {
    return await c.db.$transaction(async (tx) => {
      const found = await tx.committee.findUnique({ where: { id: committeeId } });
      if (!found) throw notFound();
      const committee = await tx.committee.update({ where: { id: committeeId }, data });
      await recordAuditEvent({
        tx, actorId: auditActorId(c.actor), type: "committee.updated", target: { type: "Committee", id: committeeId },
        data: { from: { name: found.name }, to: { name: committee.name } }, meta: c.meta,
      });
      return committee;
    });
  } catch (e) {
    throw nameTaken(e);
  }
}

async function assertNoOtherHead(tx: Prisma.TransactionClient, committeeId: string, userId: string) {
  const head = await tx.membership.findFirst({ where: { committeeId, role: "HEAD", NOT: { userId } } });
  if (head) throw new AppError("CONFLICT", "committeeHasHead");
}

export async function addMembership(c: Ctx & { committeeId: string; userId: string; role: CommitteeRole }) {
  authorize(c.actor, policy.manageCommittees);
  return c.db.$transaction(async (tx) => {
    // One connection: queries in a transaction run one after another (pg refuses overlap).
    const committee = await tx.committee.findUnique({ where: { id: c.committeeId } });
    const user = await tx.user.findUnique({ where: { id: c.userId } });
    if (!committee || !user) throw notFound();
    if (c.role === "HEAD") await assertNoOtherHead(tx, c.committeeId, c.userId);
    const existing = await tx.membership.findUnique({
      where: { userId_committeeId: { userId: c.userId, committeeId: c.committeeId } },
    });
    if (existing) throw new AppError("CONFLICT", "alreadyMember");
    const m = await tx.membership.create({ data: { committeeId: c.committeeId, userId: c.userId, role: c.role } });
    await recordAuditEvent({
      tx, actorId: auditActorId(c.actor), type: "membership.added", target: { type: "Committee", id: c.committeeId },
      data: { userId: c.userId, username: user.username, committee: committee.name, role: c.role }, meta: c.meta,
    });
    return m;
  });
}

export async function changeMembershipRole(c: Ctx & { membershipId: string; role: CommitteeRole }) {
  authorize(c.actor, policy.manageCommittees);
  const updated = await c.db.$transaction(async (tx) => {
    const m = await tx.membership.findUnique({ where: { id: c.membershipId }, include: { user: true } });
    if (!m) throw notFound();
    if (c.role === "HEAD") await assertNoOtherHead(tx, m.committeeId, m.userId);
    const updated = await tx.membership.update({ where: { id: m.id }, data: { role: c.role } });
    await recordAuditEvent({
      tx, actorId: auditActorId(c.actor), type: "membership.role_changed", target: { type: "Committee", id: m.committeeId },
      data: { userId: m.userId, username: m.user.username, from: m.role, to: c.role }, meta: c.meta,
    });
    return updated;
  });
  await publishAccessChanged({ userId: updated.userId });
  return updated;
}

export async function removeMembership(c: Ctx & { membershipId: string }) {
  authorize(c.actor, policy.manageCommittees);
  const userId = await c.db.$transaction(async (tx) => {
    const m = await tx.membership.findUnique({ where: { id: c.membershipId }, include: { user: true } });
    if (!m) throw notFound();
    await tx.membership.delete({ where: { id: m.id } });
    await recordAuditEvent({
      tx, actorId: auditActorId(c.actor), type: "membership.removed", target: { type: "Committee", id: m.committeeId },
      data: { userId: m.userId, username: m.user.username, role: m.role }, meta: c.meta,
    });
    return m.userId;
  });
  await publishAccessChanged({ userId });
}

/**
 * The committee list every signed-in person sees (policy.viewCommittees): names, member
 * counts, and only the members policy.seesCommitteeMember shows this actor (heads and deputies;
 * everyone for the secretariat).
 */
export async function listCommitteeDirectory(o: ServiceOptions) {
  authorize(o.actor, policy.viewCommittees);
  const all = await o.db.committee.findMany({
    orderBy: { createdAt: "asc" },
    include: {
      memberships: {
        orderBy: [{ role: "asc" }, { createdAt: "asc" }],
        include: { user: { select: { id: true, name: true } } },
      },
    },
  });
  return all.map((c) => ({
    id: c.id,
    name: c.name,
    description: c.description,
    memberCount: c.memberships.length,
    leaders: c.memberships
      .filter((m) => policy.seesCommitteeMember(o.actor, m.role))
      .map((m) => ({ userId: m.user.id, name: m.user.name, role: m.role })),
  }));
}

/**
 * What the drafts list's filter needs, in one query: every committee's id and name (what
 * policy.viewCommittees lets every signed-in person see; listCommitteeDirectory without the
 * members) and those the actor may create a draft for (draftPolicy.create).
 */
export async function listCommitteeChoices(o: ServiceOptions) {
  authorize(o.actor, policy.viewCommittees);
  const committees = await committeeNames(o);
  return { committees, creatable: creatableAmong(o, committees) };
}

/** The committees the actor may create a draft for (draftPolicy.create). */
export async function listCreatableCommittees(o: ServiceOptions) {
  return creatableAmong(o, await committeeNames(o));
}

const committeeNames = (o: ServiceOptions) => o.db.committee.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, name: true } });
const creatableAmong = <C extends { id: string }>(o: ServiceOptions, committees: C[]) => committees.filter((c) => draftPolicy.create(o.actor, c.id));
