import { policy } from "../../policy";
import { authorize, type ServiceOptions } from "../options";

export interface ListAuditEventsOptions extends ServiceOptions {
  cursor?: bigint;
  limit: number;
  type?: string;
  /** Only events by this person (a filter; `actor` is who asks). */
  actorId?: string;
  /** Events about this draft: the draft itself as target, or `data.draftId` (versions, sign-offs, comments). */
  draftId?: string;
  /** Time window, inclusive from, exclusive to. */
  from?: Date;
  to?: Date;
}

/** Newest first, keyset-paginated by id. */
export async function listAuditEvents(o: ListAuditEventsOptions) {
  authorize(o.actor, policy.viewAuditLog);
  const rows = await o.db.auditEvent.findMany({
    where: {
      ...(o.type ? { type: o.type } : {}),
      ...(o.actorId ? { actorId: o.actorId } : {}),
      ...(o.cursor !== undefined ? { id: { lt: o.cursor } } : {}),
      ...(o.from || o.to ? { createdAt: { ...(o.from ? { gte: o.from } : {}), ...(o.to ? { lt: o.to } : {}) } } : {}),
      ...(o.draftId
        ? { OR: [{ targetType: "Draft", targetId: o.draftId }, { data: { path: ["draftId"], equals: o.draftId } }] }
        : {}),
    },
    orderBy: { id: "desc" },
    take: o.limit + 1,
    include: { actor: { select: { id: true, name: true, username: true } } },
  });
  const hasMore = rows.length > o.limit;
  const items = hasMore ? rows.slice(0, o.limit) : rows;
  return { items, nextCursor: hasMore ? items[items.length - 1]!.id : null };
}

/**
 * What the audit page's filters offer: every person (disabled ones too — their events stay),
 * and the drafts, newest first (the 500 most recent; an older one is still found by its
 * events under 人员 or 时间).
 */
export async function auditFilterChoices(o: ServiceOptions) {
  authorize(o.actor, policy.viewAuditLog);
  const [people, drafts] = await Promise.all([
    o.db.user.findMany({ select: { id: true, name: true, username: true }, orderBy: [{ name: "asc" }, { username: "asc" }] }),
    o.db.draft.findMany({ select: { id: true, title: true }, orderBy: { createdAt: "desc" }, take: 500 }),
  ]);
  return { people, drafts };
}
