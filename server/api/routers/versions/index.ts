import { router } from "../../trpc";
import { draftProcedure } from "../drafts/procedures";
import { ZFreeze, ZVersionDiff, ZVersionRef } from "@/lib/schemas/signoff";
import { freezeVersion } from "../../../services/versions/freeze";
import { diffVersionPair, getVersion, listVersions } from "../../../services/versions/read";

// Versions (issue #9): freeze (owner), history, one version, diff. draftProcedure loads the
// draft and the caller's role first (hidden drafts are NOT_FOUND); server/policy/signoff.ts
// decides the rest.

export const versionsRouter = router({
  freeze: draftProcedure
    .input(ZFreeze)
    .mutation(({ ctx, input }) => freezeVersion({ db: ctx.db, actor: ctx.user, meta: ctx.meta, draftId: ctx.draft.id, label: input.label, note: input.note })),

  list: draftProcedure.query(({ ctx }) => listVersions({ db: ctx.db, actor: ctx.user, role: ctx.role, draft: ctx.draft })),

  get: draftProcedure
    .input(ZVersionRef)
    .query(({ ctx, input }) => getVersion({ db: ctx.db, actor: ctx.user, role: ctx.role, draft: ctx.draft, versionId: input.versionId })),

  diff: draftProcedure.input(ZVersionDiff).query(({ ctx, input }) =>
    diffVersionPair({ db: ctx.db, actor: ctx.user, role: ctx.role, draft: ctx.draft, fromVersionId: input.fromVersionId, toVersionId: input.toVersionId }),
  ),
});
