import type { Tx } from "../../db/client";
import type { DraftRole } from "../../db/generated/enums";
import { AppError, forbidden, notFound } from "../../errors";
import type { Actor } from "../../policy";
import { draftPolicy } from "../../policy/drafts";
import { recordAuditEvent } from "../audit/record-audit-event";
import { publishAccessChanged } from "../events";
import type { ServiceOptions } from "../options";
import { loadDraftAccess } from "./draft-access";

// Explicit roles on a draft (DraftMember). Reading them is for anyone who reads the draft;
// changing them, and listing whom a role can be given, is draftPolicy.manageMembers (the owner
// or the secretariat). A draft the actor may not read is NOT_FOUND.

type Ctx = ServiceOptions & { draftId: string };

async function assertManages(db: ServiceOptions["db"] | Tx, actor: Actor, draftId: string) {
  const { draft, role } = await loadDraftAccess({ db, actor, draftId });
  if (!draftPolicy.manageMembers(role, actor)) throw forbidden();
  return draft;
}

/** Explicit roles on a draft, plus who gets a role from the committee by default. */
export async function listDraftMembers(o: Ctx) {
  await loadDraftAccess({ db: o.db, actor: o.actor, draftId: o.draftId });
  const draft = await o.db.draft.findUnique({
    where: { id: o.draftId },
    select: {
      ownerId: true,
      members: { include: { user: { select: { id: true, name: true, title: true, username: true } } }, orderBy: { createdAt: "asc" } },
      committee: {
        select: { memberships: { include: { user: { select: { id: true, name: true, title: true, username: true, disabled: true } } } } },
      },
    },
  });
  if (!draft) throw notFound();
  return {
    explicit: draft.members.map((m) => ({ userId: m.userId, role: m.role, user: m.user })),
    committee: draft.committee.memberships
      .filter((m) => !m.user.disabled)
      .map((m) => ({ userId: m.userId, committeeRole: m.role, user: m.user })),
    ownerId: draft.ownerId,
  };
}

/** People who can be given a role: everyone active in the conference but the owner. */
export async function draftMemberCandidates(o: Ctx) {
  const draft = await assertManages(o.db, o.actor, o.draftId);
  return o.db.user.findMany({
    where: { disabled: false, NOT: { id: draft.ownerId } },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, title: true },
  });
}

export async function setDraftMemberRole(c: Ctx & { userId: string; role: Exclude<DraftRole, "OWNER"> }) {
  await c.db.$transaction(async (tx) => {
    await assertManages(tx, c.actor, c.draftId);
    // One connection: queries in a transaction run one after another (pg refuses overlap).
    const draft = await tx.draft.findUnique({ where: { id: c.draftId }, select: { ownerId: true } });
    const user = await tx.user.findUnique({ where: { id: c.userId }, select: { id: true, username: true, disabled: true } });
    if (!draft || !user || user.disabled) throw notFound();
    if (draft.ownerId === c.userId) throw new AppError("BAD_REQUEST", "ownerRoleFixed");
    await tx.draftMember.upsert({
      where: { draftId_userId: { draftId: c.draftId, userId: c.userId } },
      create: { draftId: c.draftId, userId: c.userId, role: c.role },
      update: { role: c.role },
    });
    await recordAuditEvent({
      tx, actorId: c.actor.id, type: "draft.member_set", target: { type: "Draft", id: c.draftId },
      data: { userId: c.userId, username: user.username, role: c.role }, meta: c.meta,
    });
  });
  await publishAccessChanged({ draftId: c.draftId, userId: c.userId });
}

export async function removeDraftMember(c: Ctx & { userId: string }) {
  await c.db.$transaction(async (tx) => {
    await assertManages(tx, c.actor, c.draftId);
    const m = await tx.draftMember.findUnique({
      where: { draftId_userId: { draftId: c.draftId, userId: c.userId } },
      include: { user: { select: { username: true } } },
    });
    if (!m) throw notFound();
    await tx.draftMember.delete({ where: { id: m.id } });
    await recordAuditEvent({
      tx, actorId: c.actor.id, type: "draft.member_removed", target: { type: "Draft", id: c.draftId },
      data: { userId: c.userId, username: m.user.username, role: m.role }, meta: c.meta,
    });
  });
  await publishAccessChanged({ draftId: c.draftId, userId: c.userId });
}
