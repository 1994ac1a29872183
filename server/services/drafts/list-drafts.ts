import type { z } from "zod";
import type { Prisma } from "../../db/generated/client";
import { draftRole, visibleDraftsWhere } from "../../policy/drafts";
import type { ZDraftListFilter } from "@/lib/schemas/draft";
import type { ServiceOptions } from "../options";

/** The drafts an actor may read, filtered and paginated, each with the actor's role. */
export async function listDrafts(o: ServiceOptions & z.output<typeof ZDraftListFilter>) {
  const f = o;
  const where: Prisma.DraftWhereInput = {
    AND: [
      visibleDraftsWhere(o.actor),
      f.scope === "mine" ? { OR: [{ ownerId: o.actor.id }, { members: { some: { userId: o.actor.id } } }] } : {},
      f.committeeId ? { committeeId: f.committeeId } : {},
      f.status ? { status: f.status } : {},
      f.query ? { title: { contains: f.query, mode: "insensitive" } } : {},
    ],
  };
  const [total, rows] = await Promise.all([
    o.db.draft.count({ where }),
    o.db.draft.findMany({
      where,
      orderBy: [{ deadline: { sort: "asc", nulls: "last" } }, { updatedAt: "desc" }],
      skip: (f.page - 1) * f.pageSize,
      take: f.pageSize,
      include: {
        committee: { select: { id: true, name: true } },
        owner: { select: { id: true, name: true } },
        members: { where: { userId: o.actor.id }, select: { role: true } },
        _count: { select: { sections: true } },
      },
    }),
  ]);
  const items = rows.map(({ members, _count, ...d }) => {
    const role = draftRole(o.actor, { ownerId: d.ownerId, committeeId: d.committeeId, status: d.status, explicitRole: members[0]?.role ?? null });
    // The filter and the policy are one rule; a row without a role would make total lie.
    if (!role) throw new Error(`draft ${d.id} listed for ${o.actor.id} without a role: visibleDraftsWhere and draftRole disagree`);
    return { ...d, role, sectionCount: _count.sections };
  });
  return { items, total, page: f.page, pageSize: f.pageSize };
}
