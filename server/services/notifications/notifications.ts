import type { Db, Tx } from "../../db/client";
import type { NotificationType } from "../../db/generated/enums";
import { AppError } from "../../errors";
import type { Actor } from "../../policy";
import { visibleThreadsWhere } from "../../policy/comments";
import { visibleDraftsWhere } from "../../policy/drafts";
import type { Prisma } from "../../db/generated/client";
import { publishNotificationsChanged } from "../events";
import { excerpt } from "../comments/common";

// In-app notifications (the bell). Created by the comment services inside their transaction
// (so a notification exists exactly when its comment does); read here. A notification whose
// thread the person can no longer read (access lost, mention withdrawn from an internal
// thread) is neither listed nor counted.

export const NOTIFICATION_PAGE = { default: 20, max: 50 } as const;

export interface NewNotification {
  userId: string;
  type: NotificationType;
}

export async function createNotifications(
  tx: Tx,
  o: { draftId: string; threadId: string; commentId: string; actorId: string; recipients: NewNotification[] },
): Promise<string[]> {
  const seen = new Set<string>();
  const rows = o.recipients.filter((r) => r.userId !== o.actorId && !seen.has(r.userId) && seen.add(r.userId));
  if (rows.length) {
    await tx.notification.createMany({
      data: rows.map((r) => ({ userId: r.userId, type: r.type, draftId: o.draftId, threadId: o.threadId, commentId: o.commentId, actorId: o.actorId })),
    });
  }
  return rows.map((r) => r.userId);
}

/** Mine, and about something I can still read: a comment thread, or a sign-off round's draft (SIGNOFF_REQUEST). */
function visibleMine(actor: Actor): Prisma.NotificationWhereInput {
  return {
    userId: actor.id,
    OR: [{ thread: visibleThreadsWhere(actor) }, { threadId: null, round: { draft: visibleDraftsWhere(actor) } }],
  };
}

/** Cursor: "<createdAt ISO>_<id>" of the last item of the previous page. */
function parseCursor(cursor: string | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  const i = cursor.indexOf("_");
  const at = new Date(cursor.slice(0, i));
  if (i < 0 || Number.isNaN(at.getTime())) throw new AppError("BAD_REQUEST", "BAD_REQUEST");
  return { at, id: cursor.slice(i + 1) };
}

export async function listNotifications(o: { db: Db; actor: Actor; cursor?: string; limit?: number }) {
  const limit = Math.min(Math.max(1, o.limit ?? NOTIFICATION_PAGE.default), NOTIFICATION_PAGE.max);
  const c = parseCursor(o.cursor);
  const rows = await o.db.notification.findMany({
    where: {
      AND: [visibleMine(o.actor), ...(c ? [{ OR: [{ createdAt: { lt: c.at } }, { createdAt: c.at, id: { lt: c.id } }] }] : [])],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    include: {
      thread: { select: { draft: { select: { id: true, title: true } } } },
      round: { select: { draft: { select: { title: true } } } },
    },
  });
  const page = rows.slice(0, limit);
  const commentIds = page.map((n) => n.commentId).filter((x): x is string => !!x);
  const actorIds = [...new Set(page.map((n) => n.actorId).filter((x): x is string => !!x))];
  const [comments, actors] = await Promise.all([
    o.db.comment.findMany({ where: { id: { in: commentIds } }, select: { id: true, body: true, deletedAt: true } }),
    o.db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } }),
  ]);
  const commentOf = new Map(comments.map((x) => [x.id, x]));
  const actorOf = new Map(actors.map((x) => [x.id, x]));
  const last = page.at(-1);
  return {
    items: page.map((n) => {
      const comment = n.commentId ? commentOf.get(n.commentId) : undefined;
      return {
        id: n.id,
        type: n.type,
        draftId: n.draftId,
        draftTitle: n.thread?.draft.title ?? n.round?.draft.title ?? "",
        roundId: n.roundId,
        threadId: n.threadId,
        actor: (n.actorId && actorOf.get(n.actorId)) || null,
        excerpt: comment && !comment.deletedAt ? excerpt(comment.body) : "",
        createdAt: n.createdAt,
        read: n.readAt !== null,
      };
    }),
    nextCursor: rows.length > limit && last ? `${last.createdAt.toISOString()}_${last.id}` : null,
  };
}

export async function unreadNotificationCount(o: { db: Db; actor: Actor }): Promise<number> {
  return o.db.notification.count({ where: { ...visibleMine(o.actor), readAt: null } });
}

/** Marks the actor's own notifications read; ids of other people's are ignored. */
export async function markNotificationsRead(o: { db: Db; actor: Actor; ids?: string[] }) {
  const { count } = await o.db.notification.updateMany({
    where: { userId: o.actor.id, readAt: null, ...(o.ids ? { id: { in: o.ids } } : {}) },
    data: { readAt: new Date() },
  });
  if (count) await publishNotificationsChanged([o.actor.id]);
  return { ok: true as const };
}
