import type { Db } from "../../db/client";

export interface ListAuditEventsOptions {
  db: Db;
  cursor?: bigint;
  limit: number;
  type?: string;
  actorId?: string;
}

/** Newest first, keyset-paginated by id. */
export async function listAuditEvents(o: ListAuditEventsOptions) {
  const rows = await o.db.auditEvent.findMany({
    where: {
      ...(o.type ? { type: o.type } : {}),
      ...(o.actorId ? { actorId: o.actorId } : {}),
      ...(o.cursor !== undefined ? { id: { lt: o.cursor } } : {}),
    },
    orderBy: { id: "desc" },
    take: o.limit + 1,
    include: { actor: { select: { id: true, name: true, username: true } } },
  });
  const hasMore = rows.length > o.limit;
  const items = hasMore ? rows.slice(0, o.limit) : rows;
  return { items, nextCursor: hasMore ? items[items.length - 1]!.id : null };
}
