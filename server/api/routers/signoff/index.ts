import { protectedProcedure, router } from "../../trpc";
import { draftProcedure } from "../drafts/procedures";
import { ZReopen, ZRequest, ZSetRule, ZSign } from "@/lib/schemas/signoff";
import { getRule, setRule } from "../../../services/signoff/rule";
import { requestSignoff, signoffStatus, waitingSignoffs } from "../../../services/signoff/round";
import { signVersion } from "../../../services/signoff/sign";
import { reopenDraft } from "../../../services/signoff/reopen";

// Sign-off (issue #9): the rule, requesting, status, signing (with re-authentication), reopening,
// and 工作台's waiting list. Services check the policy (server/policy/signoff.ts) and the state
// inside their transactions.

export const signoffRouter = router({
  rule: draftProcedure.query(({ ctx }) => getRule({ db: ctx.db, actor: ctx.user, role: ctx.role, draft: ctx.draft })),

  setRule: draftProcedure
    .input(ZSetRule)
    .mutation(({ ctx, input }) => setRule({ db: ctx.db, actor: ctx.user, meta: ctx.meta, draftId: ctx.draft.id, stages: input.stages, gate: input.gate })),

  request: draftProcedure.input(ZRequest).mutation(({ ctx, input }) =>
    requestSignoff({ db: ctx.db, actor: ctx.user, meta: ctx.meta, draftId: ctx.draft.id, versionId: input.versionId, acknowledgeOpenThreads: input.acknowledgeOpenThreads }),
  ),

  status: draftProcedure.query(({ ctx }) => signoffStatus({ db: ctx.db, actor: ctx.user, role: ctx.role, draft: ctx.draft })),

  sign: draftProcedure.input(ZSign).mutation(({ ctx, input }) =>
    signVersion({
      db: ctx.db, actor: ctx.user, meta: ctx.meta, draftId: ctx.draft.id,
      roundId: input.roundId, versionId: input.versionId, hashSeen: input.hashSeen, decision: input.decision, comment: input.comment,
      password: input.password, authTime: ctx.authTime,
    }),
  ),

  reopen: draftProcedure
    .input(ZReopen)
    .mutation(({ ctx, input }) => reopenDraft({ db: ctx.db, actor: ctx.user, meta: ctx.meta, draftId: ctx.draft.id, reason: input.reason })),

  /** 工作台: rounds whose open stage names me and that I have not signed. */
  waiting: protectedProcedure.query(({ ctx }) => waitingSignoffs({ db: ctx.db, actor: ctx.user })),
});
