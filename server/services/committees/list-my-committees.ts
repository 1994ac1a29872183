import type { ServiceOptions } from "../options";

/** The committees a user belongs to, with their role and the heads, for 工作台. */
export async function listMyCommittees(o: ServiceOptions) {
  const rows = await o.db.membership.findMany({
    where: { userId: o.actor.id },
    orderBy: { committee: { createdAt: "asc" } },
    include: {
      committee: {
        include: {
          memberships: {
            where: { role: { in: ["HEAD", "DEPUTY_HEAD"] } },
            include: { user: { select: { name: true } } },
          },
          _count: { select: { memberships: true } },
        },
      },
    },
  });
  return rows.map((m) => ({
    committeeId: m.committeeId,
    name: m.committee.name,
    description: m.committee.description,
    role: m.role,
    memberCount: m.committee._count.memberships,
    leaders: m.committee.memberships.map((l) => ({ name: l.user.name, role: l.role })),
  }));
}
