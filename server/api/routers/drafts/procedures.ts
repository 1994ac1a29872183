import { z } from "zod";
import { protectedProcedure, ZId } from "../../trpc";
import { loadDraftAccess } from "../../../services/drafts/draft-access";
import { draftPolicy } from "../../../policy/drafts";
import { forbidden } from "../../../errors";

/** A procedure that loads the draft named by `draftId` and the caller's role before the handler (NOT_FOUND when hidden). */
export const draftProcedure = protectedProcedure
  .input(z.object({ draftId: ZId }))
  .use(async ({ ctx, input, next }) => {
    const access = await loadDraftAccess({ db: ctx.db, actor: ctx.user, draftId: input.draftId });
    return next({ ctx: { ...ctx, draft: access.draft, role: access.role } });
  });

/** A draft procedure only its owner (or the secretariat) may call: managing who has which role. */
export const draftMembersProcedure = draftProcedure.use(({ ctx, next }) => {
  if (!draftPolicy.manageMembers(ctx.role, ctx.user)) throw forbidden();
  return next();
});
