import { z } from "zod";
import { protectedProcedure, router, ZId } from "../../trpc";
import { draftMembersProcedure, draftProcedure } from "./procedures";
import { ASSIGNABLE_DRAFT_ROLES, ZDraftListFilter, ZDraftMeta } from "@/lib/schemas/draft";
import { draftPolicy } from "../../../policy/drafts";
import { createDraft } from "../../../services/drafts/create-draft";
import { listDrafts } from "../../../services/drafts/list-drafts";
import { listDraftMembers, removeDraftMember, setDraftMemberRole } from "../../../services/drafts/draft-members";
import { mintCollabToken } from "../../../collab/token";

export const draftsRouter = router({
  list: protectedProcedure.input(ZDraftListFilter).query(({ ctx, input }) => listDrafts({ db: ctx.db, actor: ctx.user, filter: input })),

  /** Committees the caller may create a draft for. */
  creatableCommittees: protectedProcedure.query(async ({ ctx }) => {
    const all = await ctx.db.committee.findMany({ orderBy: { createdAt: "asc" }, select: { id: true, name: true } });
    return all.filter((c) => draftPolicy.create(ctx.user, c.id));
  }),

  create: protectedProcedure.input(ZDraftMeta).mutation(async ({ ctx, input }) => {
    const draft = await createDraft({ db: ctx.db, actor: ctx.user, meta: ctx.meta, input, source: "blank" });
    return { id: draft.id };
  }),

  get: draftProcedure.query(async ({ ctx }) => {
    const sections = await ctx.db.draftSection.findMany({
      where: { draftId: ctx.draft.id },
      orderBy: { position: "asc" },
      select: { sid: true, level: true, title: true, label: true, parentSid: true, textLength: true },
    });
    return {
      draft: ctx.draft,
      role: ctx.role,
      sections,
      can: {
        edit: draftPolicy.edit(ctx.role, ctx.draft.status),
        comment: draftPolicy.comment(ctx.role),
        manageMembers: draftPolicy.manageMembers(ctx.role, ctx.user),
      },
    };
  }),

  /** A short-lived ticket for the /collab websocket. */
  collabToken: draftProcedure.mutation(({ ctx }) => ({
    token: mintCollabToken({ userId: ctx.user.id, sessionVersion: ctx.user.sessionVersion, draftId: ctx.draft.id }),
  })),

  members: router({
    list: draftProcedure.query(({ ctx }) => listDraftMembers({ db: ctx.db, draftId: ctx.draft.id })),
    /** People who can be given a role: everyone active in the conference. */
    candidates: draftMembersProcedure.query(({ ctx }) =>
      ctx.db.user.findMany({
        where: { disabled: false, NOT: { id: ctx.draft.ownerId } },
        orderBy: { createdAt: "asc" },
        select: { id: true, name: true, title: true },
      }),
    ),
    set: draftMembersProcedure
      .input(z.object({ userId: ZId, role: z.enum(ASSIGNABLE_DRAFT_ROLES) }))
      .mutation(async ({ ctx, input }) => {
        await setDraftMemberRole({ db: ctx.db, actorId: ctx.user.id, meta: ctx.meta, draftId: ctx.draft.id, userId: input.userId, role: input.role });
        return { ok: true as const };
      }),
    remove: draftMembersProcedure.input(z.object({ userId: ZId })).mutation(async ({ ctx, input }) => {
      await removeDraftMember({ db: ctx.db, actorId: ctx.user.id, meta: ctx.meta, draftId: ctx.draft.id, userId: input.userId });
      return { ok: true as const };
    }),
  }),
});
