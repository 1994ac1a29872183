import type { z } from "zod";
import type { Tx } from "../../db/client";
import type { Disposition, ThreadStatus } from "../../db/generated/enums";
import { AppError, forbidden, notFound } from "../../errors";
import type { Actor } from "../../policy";
import { commentPolicy, type ThreadFacts } from "../../policy/comments";
import { recordAuditEvent } from "../audit/record-audit-event";
import { loadDraftAccess } from "../drafts/draft-access";
import { publishCommentsChanged, publishNotificationsChanged } from "../events";
import { createNotifications, type NewNotification } from "../notifications/notifications";
import {
  decodeAnchor,
  enforceCommentRate,
  loadVisibleThread,
  lockThread,
  prepareMentions,
  rolesOnDraft,
  type CommentCtx,
  type DraftFacts,
} from "./common";
import type { ZThreadCreate } from "@/lib/schemas/comments";

// Writing comments: start a thread, reply, edit, delete, resolve / reopen, set the
// disposition. Each runs in one transaction that checks the policy and the state, writes the
// audit event and the notifications; the live events go out after commit.

type ThreadCreateInput = z.output<typeof ZThreadCreate>;

/** After commit: live hints for the draft's viewers and the people notified. */
async function announce(draftId: string, threadId: string, notified: string[] = []) {
  await publishCommentsChanged({ draftId, threadId });
  if (notified.length) await publishNotificationsChanged(notified);
}

function access(tx: Tx, actor: Actor, draftId: string) {
  return loadDraftAccess({ db: tx, actor, draftId });
}

/** Who gets REPLY notifications: earlier participants who can read the thread (as it is after the reply). */
async function replyRecipients(tx: Tx, draft: DraftFacts, facts: ThreadFacts, participants: string[]): Promise<NewNotification[]> {
  const people = await rolesOnDraft(tx, draft, participants);
  return participants
    .filter((id) => {
      const p = people.get(id);
      return !!p && commentPolicy.readThread(p.role, p.actor, facts);
    })
    .map((userId) => ({ userId, type: "REPLY" as const }));
}

export async function createThread(o: CommentCtx & ThreadCreateInput) {
  const { actor } = o;
  const input: ThreadCreateInput = o;
  const result = await o.db.$transaction(async (tx) => {
    const { draft, role } = await access(tx, actor, input.draftId);
    if (!commentPolicy.create(role, actor)) throw forbidden();
    const passage = input.passage
      ? { start: decodeAnchor(input.passage.start), end: decodeAnchor(input.passage.end), quote: input.passage.quote }
      : null;
    await enforceCommentRate(tx, actor.id);
    const { body, mentionedIds } = await prepareMentions(tx, draft, input.body);
    const section = await tx.draftSection.findUnique({ where: { draftId_sid: { draftId: draft.id, sid: input.sid } }, select: { title: true } });
    const thread = await tx.commentThread.create({
      data: {
        draftId: draft.id,
        sid: input.sid,
        sectionTitle: section?.title ?? "",
        anchorStart: passage?.start ?? null,
        anchorEnd: passage?.end ?? null,
        quote: passage?.quote ?? null,
        authorId: actor.id,
        visibility: input.visibility,
        comments: { create: { authorId: actor.id, body, mentions: { createMany: { data: mentionedIds.map((userId) => ({ userId })) } } } },
      },
      include: { comments: { select: { id: true } } },
    });
    const commentId = thread.comments[0]!.id;
    const notified = await createNotifications(tx, {
      draftId: draft.id, threadId: thread.id, commentId, actorId: actor.id,
      recipients: mentionedIds.map((userId) => ({ userId, type: "MENTION" as const })),
    });
    await recordAuditEvent({
      tx, actorId: actor.id, type: "comment.created", target: { type: "CommentThread", id: thread.id },
      data: { draftId: draft.id, commentId, sid: input.sid, visibility: input.visibility, passage: passage !== null, mentions: mentionedIds },
      meta: o.meta,
    });
    return { threadId: thread.id, commentId, notified };
  });
  await announce(input.draftId, result.threadId, result.notified);
  return { threadId: result.threadId, commentId: result.commentId };
}

export async function replyToThread(o: CommentCtx & { draftId: string; threadId: string; body: string }) {
  const { actor } = o;
  const result = await o.db.$transaction(async (tx) => {
    const { draft, role } = await access(tx, actor, o.draftId);
    await lockThread(tx, o.threadId);
    const { thread, facts } = await loadVisibleThread(tx, { actor, role, draftId: draft.id, threadId: o.threadId });
    if (!commentPolicy.reply(role, actor, facts)) throw forbidden();
    await enforceCommentRate(tx, actor.id);
    const { body, mentionedIds } = await prepareMentions(tx, draft, o.body);
    const comment = await tx.comment.create({
      data: { threadId: thread.id, authorId: actor.id, body, mentions: { createMany: { data: mentionedIds.map((userId) => ({ userId })) } } },
    });
    const after: ThreadFacts = { ...facts, mentionedIds: [...new Set([...facts.mentionedIds, ...mentionedIds])] };
    const participants = [...new Set([thread.authorId, ...thread.comments.map((c) => c.authorId)])].filter(
      (id) => id !== actor.id && !mentionedIds.includes(id),
    );
    const notified = await createNotifications(tx, {
      draftId: draft.id, threadId: thread.id, commentId: comment.id, actorId: actor.id,
      recipients: [...mentionedIds.map((userId) => ({ userId, type: "MENTION" as const })), ...(await replyRecipients(tx, draft, after, participants))],
    });
    await recordAuditEvent({
      tx, actorId: actor.id, type: "comment.replied", target: { type: "Comment", id: comment.id },
      data: { draftId: draft.id, threadId: thread.id, mentions: mentionedIds },
      meta: o.meta,
    });
    return { commentId: comment.id, notified };
  });
  await announce(o.draftId, o.threadId, result.notified);
  return { commentId: result.commentId };
}

/** The comment (of this draft) and its thread, locked, when the actor may read the thread. */
async function loadComment(tx: Tx, o: { actor: Actor; draftId: string; commentId: string }) {
  const { draft, role } = await access(tx, o.actor, o.draftId);
  const ref = await tx.comment.findUnique({ where: { id: o.commentId }, select: { threadId: true } });
  if (!ref) throw notFound();
  await lockThread(tx, ref.threadId);
  const { thread, facts } = await loadVisibleThread(tx, { actor: o.actor, role, draftId: draft.id, threadId: ref.threadId });
  const comment = thread.comments.find((c) => c.id === o.commentId);
  if (!comment) throw notFound();
  return { draft, role, thread, facts, comment };
}

export async function editComment(o: CommentCtx & { draftId: string; commentId: string; body: string }) {
  const { actor } = o;
  const result = await o.db.$transaction(async (tx) => {
    const { draft, role, thread, facts, comment } = await loadComment(tx, { actor, draftId: o.draftId, commentId: o.commentId });
    if (!commentPolicy.edit(role, actor, facts, { authorId: comment.authorId, deleted: comment.deletedAt !== null })) throw forbidden();
    const { body, mentionedIds } = await prepareMentions(tx, draft, o.body);
    if (body === comment.body) return { threadId: thread.id, notified: [] as string[], changed: false };
    await tx.comment.update({
      where: { id: comment.id },
      data: { body, editedAt: new Date(), mentions: { deleteMany: {}, createMany: { data: mentionedIds.map((userId) => ({ userId })) } } },
    });
    // Newly mentioned people hear of it once per comment: toggling a mention does not ring twice.
    const before = new Set(comment.mentions.map((m) => m.userId));
    const already = new Set(
      (await tx.notification.findMany({ where: { commentId: comment.id, type: "MENTION" }, select: { userId: true } })).map((n) => n.userId),
    );
    const notified = await createNotifications(tx, {
      draftId: draft.id, threadId: thread.id, commentId: comment.id, actorId: actor.id,
      recipients: mentionedIds.filter((id) => !before.has(id) && !already.has(id)).map((userId) => ({ userId, type: "MENTION" as const })),
    });
    await recordAuditEvent({
      tx, actorId: actor.id, type: "comment.edited", target: { type: "Comment", id: comment.id },
      data: { draftId: draft.id, threadId: thread.id, previous: comment.body, mentions: mentionedIds },
      meta: o.meta,
    });
    return { threadId: thread.id, notified, changed: true };
  });
  if (result.changed) await announce(o.draftId, result.threadId, result.notified);
  return { ok: true as const };
}

export async function deleteComment(o: CommentCtx & { draftId: string; commentId: string }) {
  const { actor } = o;
  const result = await o.db.$transaction(async (tx) => {
    const { draft, role, thread, facts, comment } = await loadComment(tx, { actor, draftId: o.draftId, commentId: o.commentId });
    if (!commentPolicy.delete(role, actor, facts, { authorId: comment.authorId, deleted: comment.deletedAt !== null })) throw forbidden();
    await tx.comment.update({ where: { id: comment.id }, data: { body: "", deletedAt: new Date(), mentions: { deleteMany: {} } } });
    // Its notifications go too: nobody is called to a comment that is no longer there.
    const gone = await tx.notification.findMany({ where: { commentId: comment.id }, select: { id: true, userId: true } });
    await tx.notification.deleteMany({ where: { id: { in: gone.map((n) => n.id) } } });
    await recordAuditEvent({
      tx, actorId: actor.id, type: "comment.deleted", target: { type: "Comment", id: comment.id },
      data: { draftId: draft.id, threadId: thread.id, text: comment.body },
      meta: o.meta,
    });
    return { threadId: thread.id, notified: gone.map((n) => n.userId) };
  });
  await announce(o.draftId, result.threadId, result.notified);
  return { ok: true as const };
}

export async function setThreadStatus(o: CommentCtx & { draftId: string; threadId: string; status: ThreadStatus }) {
  const { actor } = o;
  const changed = await o.db.$transaction(async (tx) => {
    const { draft, role } = await access(tx, actor, o.draftId);
    await lockThread(tx, o.threadId);
    const { thread, facts } = await loadVisibleThread(tx, { actor, role, draftId: draft.id, threadId: o.threadId });
    if (!commentPolicy.resolve(role, actor, facts)) throw forbidden();
    if (thread.status === o.status) return false; // two people resolving at once: both see it resolved
    const resolved = o.status === "RESOLVED";
    await tx.commentThread.update({
      where: { id: thread.id },
      data: { status: o.status, resolvedById: resolved ? actor.id : null, resolvedAt: resolved ? new Date() : null },
    });
    await recordAuditEvent({
      tx, actorId: actor.id, type: resolved ? "thread.resolved" : "thread.reopened", target: { type: "CommentThread", id: thread.id },
      data: { draftId: draft.id }, meta: o.meta,
    });
    return true;
  });
  if (changed) await announce(o.draftId, o.threadId);
  return { ok: true as const };
}

export async function setThreadDisposition(
  o: CommentCtx & { draftId: string; threadId: string; disposition: Disposition | null; reason: string },
) {
  const { actor } = o;
  const reason = o.disposition ? o.reason.trim() : "";
  if (o.disposition === "NOT_ADOPTED" && !reason) throw new AppError("BAD_REQUEST", "comments.reasonRequired");
  const changed = await o.db.$transaction(async (tx) => {
    const { draft, role } = await access(tx, actor, o.draftId);
    await lockThread(tx, o.threadId);
    const { thread, facts } = await loadVisibleThread(tx, { actor, role, draftId: draft.id, threadId: o.threadId });
    if (!commentPolicy.setDisposition(role, actor, facts)) throw forbidden();
    if (thread.disposition === o.disposition && (thread.dispositionReason ?? "") === reason) return false;
    await tx.commentThread.update({
      where: { id: thread.id },
      data: {
        disposition: o.disposition,
        dispositionReason: reason || null,
        dispositionById: o.disposition ? actor.id : null,
        dispositionAt: o.disposition ? new Date() : null,
      },
    });
    await recordAuditEvent({
      tx, actorId: actor.id, type: "thread.disposition_set", target: { type: "CommentThread", id: thread.id },
      data: { draftId: draft.id, disposition: o.disposition, reason, previous: { disposition: thread.disposition, reason: thread.dispositionReason ?? "" } },
      meta: o.meta,
    });
    return true;
  });
  if (changed) await announce(o.draftId, o.threadId);
  return { ok: true as const };
}
