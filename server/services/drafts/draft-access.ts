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
