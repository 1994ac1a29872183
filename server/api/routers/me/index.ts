import { z } from "zod";
import { protectedProcedure, router } from "../../trpc";
import { ZLocale, ZPassword } from "@/lib/schemas/user";
import { changeOwnPassword, setUserLocale } from "../../../services/users/users";
import { listMyCommittees } from "../../../services/committees/list-my-committees";

export const meRouter = router({
  get: protectedProcedure.query(({ ctx }) => {
    const { memberships: _m, ...user } = ctx.user;
    return user;
  }),

  committees: protectedProcedure.query(({ ctx }) => listMyCommittees({ db: ctx.db, actor: ctx.user })),

  changePassword: protectedProcedure
    .input(z.object({ currentPassword: z.string().min(1).max(200), newPassword: ZPassword }))
    .mutation(async ({ ctx, input }) => {
      const { sessionVersion } = await changeOwnPassword({ db: ctx.db, actor: ctx.user, meta: ctx.meta, ...input });
      return { sessionVersion };
    }),

  setLocale: protectedProcedure.input(z.object({ locale: ZLocale })).mutation(async ({ ctx, input }) => {
    await setUserLocale({ db: ctx.db, actor: ctx.user, meta: ctx.meta, locale: input.locale });
    return { locale: input.locale };
  }),
});
