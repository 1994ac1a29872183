import type { Db } from "../../db/client";
import type { DraftRole } from "../../db/generated/enums";
import { AppError, notFound } from "../../errors";
import { recordAuditEvent, type AuditMeta } from "../audit/record-audit-event";
import { publishAccessChanged } from "../events";

interface Ctx {
  db: Db;
  actorId: string;
  meta?: AuditMeta;
  draftId: string;
}

/** Explicit roles on a draft, plus who gets a role from the committee by default. */
export async function listDraftMembers(o: { db: Db; draftId: string }) {
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

export async function setDraftMemberRole(c: Ctx & { userId: string; role: Exclude<DraftRole, "OWNER"> }) {
  await c.db.$transaction(async (tx) => {
    const [draft, user] = await Promise.all([
      tx.draft.findUnique({ where: { id: c.draftId }, select: { ownerId: true } }),
      tx.user.findUnique({ where: { id: c.userId }, select: { id: true, username: true, disabled: true } }),
    ]);
    if (!draft || !user || user.disabled) throw notFound();
    if (draft.ownerId === c.userId) throw new AppError("BAD_REQUEST", "ownerRoleFixed");
    await tx.draftMember.upsert({
      where: { draftId_userId: { draftId: c.draftId, userId: c.userId } },
      create: { draftId: c.draftId, userId: c.userId, role: c.role },
      update: { role: c.role },
    });
    await recordAuditEvent({
      tx, actorId: c.actorId, type: "draft.member_set", target: { type: "Draft", id: c.draftId },
      data: { userId: c.userId, username: user.username, role: c.role }, meta: c.meta,
    });
  });
  await publishAccessChanged({ draftId: c.draftId, userId: c.userId });
}

export async function removeDraftMember(c: Ctx & { userId: string }) {
  await c.db.$transaction(async (tx) => {
    const m = await tx.draftMember.findUnique({
      where: { draftId_userId: { draftId: c.draftId, userId: c.userId } },
      include: { user: { select: { username: true } } },
    });
    if (!m) throw notFound();
    await tx.draftMember.delete({ where: { id: m.id } });
    await recordAuditEvent({
      tx, actorId: c.actorId, type: "draft.member_removed", target: { type: "Draft", id: c.draftId },
      data: { userId: c.userId, username: m.user.username, role: m.role }, meta: c.meta,
    });
  });
  await publishAccessChanged({ draftId: c.draftId, userId: c.userId });
}
