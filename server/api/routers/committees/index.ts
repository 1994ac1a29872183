import { protectedProcedure, router } from "../../trpc";
import { policy } from "../../../policy";
import { listCommittees } from "../../../services/committees/committees";

export const committeesRouter = router({
  /** Committee names with heads and member counts; every signed-in member may see them. */
  list: protectedProcedure.query(async ({ ctx }) => {
    const all = await listCommittees({ db: ctx.db });
    return all.map((c) => ({
      id: c.id,
      name: c.name,
      description: c.description,
      memberCount: c.memberships.length,
      leaders: c.memberships
        .filter((m) => policy.seesCommitteeMember(ctx.user, m.role))
        .map((m) => ({ userId: m.user.id, name: m.user.name, role: m.role })),
    }));
  }),
});
