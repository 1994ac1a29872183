import { z } from "zod";
import { protectedProcedure, router, ZId } from "../../trpc";
import { draftMembersProcedure, draftProcedure } from "./procedures";
import { ASSIGNABLE_DRAFT_ROLES, ZDraftListFilter, ZDraftMeta } from "@/lib/schemas/draft";
import { createDraft } from "../../../services/drafts/create-draft";
import { listDrafts } from "../../../services/drafts/list-drafts";
import { getDraftHead, getDraftView } from "../../../services/drafts/draft-view";
import { listCommitteeChoices, listCreatableCommittees } from "../../../services/committees/committees";
import {
  draftMemberCandidates, listDraftMembers, removeDraftMember, setDraftMemberRole,
} from "../../../services/drafts/draft-members";
import { mintCollabToken } from "../../../collab/token";

export const draftsRouter = router({
  list: protectedProcedure.input(ZDraftListFilter).query(({ ctx, input }) => listDrafts({ db: ctx.db, actor: ctx.user, ...input })),

  /** Committees the caller may create a draft for. */
  creatableCommittees: protectedProcedure.query(({ ctx }) => listCreatableCommittees({ db: ctx.db, actor: ctx.user })),

  /** The drafts list's committee filter (every committee's name) and those the caller may create a draft for; one query. */
  committeeChoices: protectedProcedure.query(({ ctx }) => listCommitteeChoices({ db: ctx.db, actor: ctx.user })),

  create: protectedProcedure.input(ZDraftMeta).mutation(async ({ ctx, input }) => {
    const draft = await createDraft({ db: ctx.db, actor: ctx.user, meta: ctx.meta, input, source: "blank" });
    return { id: draft.id };
  }),

  get: draftProcedure.query(({ ctx }) => getDraftView({ db: ctx.db, actor: ctx.user, draft: ctx.draft, role: ctx.role })),

  /** drafts.get without the outline (the draft page: its outline comes live over the websocket). */
  head: draftProcedure.query(({ ctx }) => getDraftHead({ db: ctx.db, actor: ctx.user, draft: ctx.draft, role: ctx.role })),

  /** A short-lived ticket for the /collab websocket. */
  collabToken: draftProcedure.mutation(({ ctx }) => ({
    token: mintCollabToken({ userId: ctx.user.id, sessionVersion: ctx.user.sessionVersion, draftId: ctx.draft.id }),
  })),

  members: router({
    list: draftProcedure.query(({ ctx }) => listDraftMembers({ db: ctx.db, actor: ctx.user, draftId: ctx.draft.id })),
    /** People who can be given a role: everyone active in the conference. */
    candidates: draftMembersProcedure.query(({ ctx }) => draftMemberCandidates({ db: ctx.db, actor: ctx.user, draftId: ctx.draft.id })),
    set: draftMembersProcedure
      .input(z.object({ userId: ZId, role: z.enum(ASSIGNABLE_DRAFT_ROLES) }))
      .mutation(async ({ ctx, input }) => {
        await setDraftMemberRole({ db: ctx.db, actor: ctx.user, meta: ctx.meta, draftId: ctx.draft.id, userId: input.userId, role: input.role });
        return { ok: true as const };
      }),
    remove: draftMembersProcedure.input(z.object({ userId: ZId })).mutation(async ({ ctx, input }) => {
      await removeDraftMember({ db: ctx.db, actor: ctx.user, meta: ctx.meta, draftId: ctx.draft.id, userId: input.userId });
      return { ok: true as const };
    }),
  }),
});
