import { z } from "zod";
import { protectedProcedure, router } from "../../trpc";
import { liveErrors } from "../live";
import { ZNotificationIds } from "@/lib/schemas/comments";
import {
  listNotifications,
  markNotificationsRead,
  NOTIFICATION_PAGE,
  unreadNotificationCount,
} from "../../../services/notifications/notifications";
import { notificationChanges } from "../../../services/comments/live";

// The bell: the caller's own notifications only (no other person's can be named).

export const notificationsRouter = router({
  list: protectedProcedure
    .input(z.object({ cursor: z.string().max(100).optional(), limit: z.number().int().min(1).max(NOTIFICATION_PAGE.max).optional() }).default({}))
    .query(({ ctx, input }) => listNotifications({ db: ctx.db, actor: ctx.user, cursor: input.cursor, limit: input.limit })),

  unreadCount: protectedProcedure.query(async ({ ctx }) => ({ count: await unreadNotificationCount({ db: ctx.db, actor: ctx.user }) })),

  markRead: protectedProcedure
    .input(ZNotificationIds)
    .mutation(({ ctx, input }) => markNotificationsRead({ db: ctx.db, actor: ctx.user, ids: input.ids })),

  markAllRead: protectedProcedure.mutation(({ ctx }) => markNotificationsRead({ db: ctx.db, actor: ctx.user })),

  /** SSE: `{ unread }` at once and whenever the caller's unread count changes. */
  onChange: protectedProcedure.subscription(({ ctx, signal }) => liveErrors(notificationChanges({ db: ctx.db, actor: ctx.user, signal }))),
});
