import { z } from "zod";
import { protectedProcedure, router, ZId } from "../../trpc";
import { draftProcedure } from "../drafts/procedures";
import { liveErrors } from "../live";
import { ZCommentEdit, ZCommentRef, ZReply, ZThreadCreate, ZThreadDisposition, ZThreadStatus } from "@/lib/schemas/comments";
import { COMMENT_LIMITS } from "@/lib/comments/text";
import { listThreads, registerRows } from "../../../services/comments/read";
import {
  createThread,
  deleteComment,
  editComment,
  replyToThread,
  setThreadDisposition,
  setThreadStatus,
} from "../../../services/comments/threads";
import { checkMentions, mentionCandidates } from "../../../services/comments/mentions";
import { waitingForMe } from "../../../services/comments/waiting";
import { commentChanges } from "../../../services/comments/live";

// Comments by section (issue #8). Draft-scoped procedures load the draft and the caller's role
// first (draftProcedure: hidden drafts are NOT_FOUND); the services decide the rest with
// server/policy/comments.ts — a thread of another draft, or one the caller may not read, is
// NOT_FOUND too.

export const commentsRouter = router({
  list: draftProcedure.query(({ ctx }) => listThreads({ db: ctx.db, actor: ctx.user, role: ctx.role, draftId: ctx.draft.id })),

  create: draftProcedure
    .input(ZThreadCreate)
    .mutation(({ ctx, input }) => createThread({ db: ctx.db, actor: ctx.user, meta: ctx.meta, ...input })),

  reply: draftProcedure
    .input(ZReply)
    .mutation(({ ctx, input }) =>
      replyToThread({ db: ctx.db, actor: ctx.user, meta: ctx.meta, draftId: ctx.draft.id, threadId: input.threadId, body: input.body }),
    ),

  edit: draftProcedure
    .input(ZCommentEdit)
    .mutation(({ ctx, input }) =>
      editComment({ db: ctx.db, actor: ctx.user, meta: ctx.meta, draftId: ctx.draft.id, commentId: input.commentId, body: input.body }),
    ),

  delete: draftProcedure
    .input(ZCommentRef)
    .mutation(({ ctx, input }) => deleteComment({ db: ctx.db, actor: ctx.user, meta: ctx.meta, draftId: ctx.draft.id, commentId: input.commentId })),

  setStatus: draftProcedure
    .input(ZThreadStatus)
    .mutation(({ ctx, input }) =>
      setThreadStatus({ db: ctx.db, actor: ctx.user, meta: ctx.meta, draftId: ctx.draft.id, threadId: input.threadId, status: input.status }),
    ),

  setDisposition: draftProcedure.input(ZThreadDisposition).mutation(({ ctx, input }) =>
    setThreadDisposition({
      db: ctx.db, actor: ctx.user, meta: ctx.meta, draftId: ctx.draft.id,
      threadId: input.threadId, disposition: input.disposition, reason: input.reason,
    }),
  ),

  mentionCandidates: draftProcedure.query(({ ctx }) => mentionCandidates({ db: ctx.db, actor: ctx.user, draft: ctx.draft })),

  checkMentions: draftProcedure
    .input(z.object({ userIds: z.array(ZId).max(COMMENT_LIMITS.maxMentions) }))
    .query(({ ctx, input }) => checkMentions({ db: ctx.db, actor: ctx.user, role: ctx.role, draft: ctx.draft, userIds: input.userIds })),

  register: draftProcedure.query(async ({ ctx }) => ({
    rows: await registerRows({ db: ctx.db, actor: ctx.user, role: ctx.role, draftId: ctx.draft.id }),
  })),

  /** SSE: `{ threadId }` when a thread of the draft changes (no content; refetch `list`). */
  onChange: draftProcedure.subscription(({ ctx, signal }) =>
    liveErrors(commentChanges({ db: ctx.db, actor: ctx.user, draftId: ctx.draft.id, signal })),
  ),

  /** 工作台: threads mentioning me, replies to me, and (drafters) threads without a disposition. */
  waiting: protectedProcedure.query(({ ctx }) => waitingForMe({ db: ctx.db, actor: ctx.user })),
});
