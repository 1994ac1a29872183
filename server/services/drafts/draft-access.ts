import type { Db, Tx } from "../../db/client";
import type { DraftRole } from "../../db/generated/enums";
import { notFound } from "../../errors";
import type { Actor } from "../../policy";
import { draftRole } from "../../policy/drafts";

/**
 * Loads a draft with the actor's effective role. A draft the actor may not see is NOT_FOUND,
 * exactly like one that does not exist.
 */
export async function loadDraftAccess(o: { db: Db | Tx; actor: Actor | null; draftId: string }) {
  const draft = o.actor
    ? await o.db.draft.findUnique({
        // Draft, committee, owner and the actor's membership in one statement (relationJoins).
        relationLoadStrategy: "join",
        where: { id: o.draftId },
        include: {
          committee: { select: { id: true, name: true } },
          owner: { select: { id: true, name: true } },
          members: { where: { userId: o.actor.id }, select: { role: true } },
        },
      })
    : null;
  if (!draft) throw notFound();
  const role: DraftRole | null = draftRole(o.actor, {
    ownerId: draft.ownerId,
    committeeId: draft.committeeId,
    status: draft.status,
    explicitRole: draft.members[0]?.role ?? null,
  });
  if (!role) throw notFound();
  const { members: _m, ...rest } = draft;
  return { draft: rest, role };
}

/**
 * Roles of many (actor, draft) pairs at once (the collab server's periodic recheck): one
 * statement for every draft with the explicit roles of the actors asked about, then the same
 * draftRole as loadDraftAccess. null where loadDraftAccess would be NOT_FOUND.
 */
export async function loadDraftRoles(o: { db: Db | Tx; pairs: { actor: Actor; draftId: string }[] }) {
  const draftIds = [...new Set(o.pairs.map((p) => p.draftId))];
  const userIds = [...new Set(o.pairs.map((p) => p.actor.id))];
  const drafts = draftIds.length
    ? await o.db.draft.findMany({
        relationLoadStrategy: "join",
        where: { id: { in: draftIds } },
        select: { id: true, ownerId: true, committeeId: true, status: true, members: { where: { userId: { in: userIds } }, select: { userId: true, role: true } } },
      })
    : [];
  const byId = new Map(drafts.map((d) => [d.id, d]));
  return o.pairs.map(({ actor, draftId }) => {
    const d = byId.get(draftId);
    if (!d) return null;
    const role = draftRole(actor, {
      ownerId: d.ownerId,
      committeeId: d.committeeId,
      status: d.status,
      explicitRole: d.members.find((m) => m.userId === actor.id)?.role ?? null,
    });
    return role ? { role, status: d.status } : null;
  });
}
