import { protectedProcedure, router } from "../../trpc";
import { listCommitteeDirectory } from "../../../services/committees/committees";

export const committeesRouter = router({
  /** Committee names with heads and member counts; every signed-in member may see them. */
  list: protectedProcedure.query(({ ctx }) => listCommitteeDirectory({ db: ctx.db, actor: ctx.user })),
});
