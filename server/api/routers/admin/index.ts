import { z } from "zod";
import { adminProcedure, router, ZId } from "../../trpc";
import { COMMITTEE_ROLES, ZCommittee, ZCreateUser, ZPassword, ZUpdateUser, ZUserSearch } from "@/lib/schemas/user";
import { createUser, listUsers, resetUserPassword, setUserDisabled, updateUser } from "../../../services/users/users";
import {
  addMembership, changeMembershipRole, createCommittee, listCommittees, removeMembership, updateCommittee,
} from "../../../services/committees/committees";
import { auditFilterChoices, listAuditEvents } from "../../../services/audit/list-audit-events";
import { verifyAuditChain } from "../../../services/audit/verify-audit-chain";
import { AUDIT_TYPES } from "../../../services/audit/types";

export const adminRouter = router({
  users: router({
    list: adminProcedure
      .input(ZUserSearch.optional())
      .query(({ ctx, input }) => listUsers({ db: ctx.db, actor: ctx.user, query: input?.query })),
    create: adminProcedure.input(ZCreateUser).mutation(({ ctx, input }) => createUser({ db: ctx.db, actor: ctx.user, meta: ctx.meta, ...input })),
    update: adminProcedure.input(ZUpdateUser).mutation(({ ctx, input }) => updateUser({ db: ctx.db, actor: ctx.user, meta: ctx.meta, ...input })),
    setDisabled: adminProcedure
      .input(z.object({ userId: ZId, disabled: z.boolean() }))
      .mutation(({ ctx, input }) => setUserDisabled({ db: ctx.db, actor: ctx.user, meta: ctx.meta, ...input })),
    resetPassword: adminProcedure
      .input(z.object({ userId: ZId, password: ZPassword }))
      .mutation(async ({ ctx, input }) => {
        await resetUserPassword({ db: ctx.db, actor: ctx.user, meta: ctx.meta, ...input });
        return { ok: true as const };
      }),
  }),

  committees: router({
    list: adminProcedure.query(({ ctx }) => listCommittees({ db: ctx.db, actor: ctx.user })),
    create: adminProcedure.input(ZCommittee).mutation(({ ctx, input }) => createCommittee({ db: ctx.db, actor: ctx.user, meta: ctx.meta, ...input })),
    update: adminProcedure
      .input(ZCommittee.extend({ committeeId: ZId }))
      .mutation(({ ctx, input }) => updateCommittee({ db: ctx.db, actor: ctx.user, meta: ctx.meta, ...input })),
  }),

  memberships: router({
    add: adminProcedure
      .input(z.object({ committeeId: ZId, userId: ZId, role: z.enum(COMMITTEE_ROLES) }))
      .mutation(({ ctx, input }) => addMembership({ db: ctx.db, actor: ctx.user, meta: ctx.meta, ...input })),
    changeRole: adminProcedure
      .input(z.object({ membershipId: ZId, role: z.enum(COMMITTEE_ROLES) }))
      .mutation(({ ctx, input }) => changeMembershipRole({ db: ctx.db, actor: ctx.user, meta: ctx.meta, ...input })),
    remove: adminProcedure.input(z.object({ membershipId: ZId })).mutation(async ({ ctx, input }) => {
      await removeMembership({ db: ctx.db, actor: ctx.user, meta: ctx.meta, ...input });
      return { ok: true as const };
    }),
  }),

  audit: router({
    list: adminProcedure
      .input(
        z.object({
          cursor: z.bigint().optional(),
          limit: z.number().int().min(1).max(200).default(50),
          type: z.enum(AUDIT_TYPES).optional(),
          actorId: ZId.optional(),
          draftId: ZId.optional(),
          from: z.date().optional(),
          to: z.date().optional(),
        }),
      )
      .query(({ ctx, input }) => listAuditEvents({ db: ctx.db, actor: ctx.user, ...input })),
    filterChoices: adminProcedure.query(({ ctx }) => auditFilterChoices({ db: ctx.db, actor: ctx.user })),
    verify: adminProcedure.query(({ ctx }) => verifyAuditChain({ db: ctx.db })),
  }),
});
