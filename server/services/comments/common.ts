import * as Y from "yjs";
import type { ServiceOptions } from "../options";
import type { Db, Tx } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import type { DraftRole, DraftStatus } from "../../db/generated/enums";
import { AppError, notFound } from "../../errors";
import type { Actor } from "../../policy";
import { commentPolicy, type ThreadFacts } from "../../policy/comments";
import { draftRole } from "../../policy/drafts";
import { COMMENT_LIMITS, mentionedUserIds, normalizeMentions, plainCommentText } from "@/lib/comments/text";

// Shared by the comment services: options, thread loading with its visibility facts, roles of
// other people on a draft (mentions, notifications), mention checks, the rate limit.

/** The one service options object (server/services/options.ts). */
export type CommentCtx = ServiceOptions;

export interface DraftFacts {
  id: string;
  ownerId: string;
  committeeId: string;
  status: DraftStatus;
}

export const threadInclude = {
  comments: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: { mentions: { select: { userId: true } } } },
} satisfies Prisma.CommentThreadInclude;

/** Visibility facts of a thread loaded with `threadInclude`. */
export function threadFacts(t: { authorId: string; visibility: ThreadFacts["visibility"]; comments: { mentions: { userId: string }[] }[] }): ThreadFacts {
  return { authorId: t.authorId, visibility: t.visibility, mentionedIds: [...new Set(t.comments.flatMap((c) => c.mentions.map((m) => m.userId)))] };
}

/** The thread with its comments, when it belongs to this draft and the actor may read it; NOT_FOUND otherwise. */
export async function loadVisibleThread(tx: Tx | Db, o: { actor: Actor; role: DraftRole; draftId: string; threadId: string }) {
  const thread = await tx.commentThread.findUnique({ where: { id: o.threadId }, include: threadInclude });
  if (!thread || thread.draftId !== o.draftId) throw notFound();
  const facts = threadFacts(thread);
  if (!commentPolicy.readThread(o.role, o.actor, facts)) throw notFound();
  return { thread, facts };
}

/** Serializes the writes of one thread (concurrent replies, resolves) until the transaction ends. */
export async function lockThread(tx: Tx, threadId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`xieshen:thread:${threadId}`}, 0))`;
}

export interface PersonOnDraft {
  id: string;
  name: string;
  title: string;
  disabled: boolean;
  role: DraftRole | null;
  /** The person as the policy sees them. */
  actor: Actor;
}

/** Each person's role on the draft (null: the draft is hidden from them), by the drafts policy. */
export async function rolesOnDraft(tx: Tx | Db, draft: DraftFacts, userIds: readonly string[]): Promise<Map<string, PersonOnDraft>> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return new Map();
  // One after the other: inside a transaction both would share one connection.
  const users = await tx.user.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, title: true, role: true, disabled: true, memberships: { select: { committeeId: true, role: true } } },
  });
  const explicit = await tx.draftMember.findMany({ where: { draftId: draft.id, userId: { in: ids } }, select: { userId: true, role: true } });
  const explicitOf = new Map(explicit.map((m) => [m.userId, m.role]));
  return new Map(
    users.map((u) => [
      u.id,
      {
        id: u.id,
        name: u.name,
        title: u.title,
        disabled: u.disabled,
        role: draftRole(u, { ownerId: draft.ownerId, committeeId: draft.committeeId, status: draft.status, explicitRole: explicitOf.get(u.id) ?? null }),
        actor: { id: u.id, role: u.role, disabled: u.disabled, memberships: u.memberships },
      },
    ]),
  );
}

/**
 * Checks a comment's mentions and rewrites their names from the database. Refuses (BAD_REQUEST
 * `comments.mentionNoAccess`, params.names "张三、李四") when a mentioned person cannot read the
 * draft — the UI offers the owner to invite them first — and more than maxMentions people.
 */
export async function prepareMentions(tx: Tx | Db, draft: DraftFacts, body: string): Promise<{ body: string; mentionedIds: string[] }> {
  const ids = mentionedUserIds(body);
  if (!ids.length) return { body, mentionedIds: [] };
  if (ids.length > COMMENT_LIMITS.maxMentions) throw new AppError("BAD_REQUEST", "comments.tooManyMentions", { max: COMMENT_LIMITS.maxMentions });
  const people = await rolesOnDraft(tx, draft, ids);
  const refused: string[] = [];
  for (const id of ids) {
    const p = people.get(id);
    if (!p || p.disabled || !commentPolicy.mentionable(p.role)) {
      // An unknown id keeps the name the token carries (it is shown as text, never as markup).
      refused.push(p?.name ?? tokenName(body, id));
    }
  }
  if (refused.length) throw new AppError("BAD_REQUEST", "comments.mentionNoAccess", { names: refused.join("、") });
  return { body: normalizeMentions(body, new Map([...people.values()].map((p) => [p.id, p.name]))), mentionedIds: ids };
}

function tokenName(body: string, id: string): string {
  // Ids in tokens are [A-Za-z0-9_-] (lib/comments/text.ts), safe inside a pattern.
  return new RegExp(`@\\[([^\\]\\n]{1,60})\\]\\(u:${id}\\)`).exec(body)?.[1]?.trim() || id;
}

const RATE_WINDOW_MS = 60_000;

/**
 * At most COMMENT_LIMITS.perMinute new comments (threads and replies) per person per minute,
 * counted in PostgreSQL (all instances agree) under a per-person lock held to commit, so two
 * concurrent requests cannot both take the last slot.
 */
export async function enforceCommentRate(tx: Tx, userId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`xieshen:comment-rate:${userId}`}, 0))`;
  const since = new Date(Date.now() - RATE_WINDOW_MS);
  const recent = await tx.comment.findMany({
    where: { authorId: userId, createdAt: { gt: since } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
    take: COMMENT_LIMITS.perMinute,
  });
  if (recent.length >= COMMENT_LIMITS.perMinute) {
    const seconds = Math.max(1, Math.ceil((recent[0]!.createdAt.getTime() + RATE_WINDOW_MS - Date.now()) / 1000));
    throw new AppError("TOO_MANY_REQUESTS", "comments.rateLimited", { max: COMMENT_LIMITS.perMinute, seconds });
  }
}

/** A base64 Yjs relative position from the client: decodes, within the size limit. */
export function decodeAnchor(b64: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(Buffer.from(b64, "base64"));
  if (!bytes.length || bytes.length > COMMENT_LIMITS.maxAnchorBytes) throw new AppError("BAD_REQUEST", "comments.invalidPassage");
  try {
    Y.decodeRelativePosition(bytes);
  } catch {
    throw new AppError("BAD_REQUEST", "comments.invalidPassage");
  }
  return bytes;
}

/** Plain text of a comment, at most `max` characters (notifications, 工作台). */
export function excerpt(body: string, max = 80): string {
  const plain = plainCommentText(body).replace(/\s+/g, " ").trim();
  const chars = [...plain];
  return chars.length <= max ? plain : `${chars.slice(0, max - 1).join("")}…`;
}
