import type { Db } from "../../db/client";
import type { Disposition, DraftRole, ThreadStatus, ThreadVisibility } from "../../db/generated/enums";
import type { Actor } from "../../policy";
import { commentPolicy, visibleThreadsWhere } from "../../policy/comments";
import { threadFacts, threadInclude } from "./common";
import { plainCommentText } from "@/lib/comments/text";

// Reading comments: the threads of a draft as the caller may see them (the margin), and the
// register of dispositions (意见采纳情况). Threads the caller may not read are absent from
// both, and from the counts.

interface Person {
  id: string;
  name: string;
}

export interface CommentView {
  id: string;
  author: Person;
  /** "" when deleted. */
  body: string;
  deleted: boolean;
  edited: boolean;
  createdAt: Date;
  mine: boolean;
  can: { edit: boolean; delete: boolean };
}

export interface ThreadView {
  id: string;
  sid: string;
  sectionTitle: string;
  /** No section with this sid any more (the section was deleted). */
  detached: boolean;
  passage: { start: string; end: string; quote: string } | null;
  author: Person;
  visibility: ThreadVisibility;
  status: ThreadStatus;
  resolvedBy: Person | null;
  resolvedAt: Date | null;
  disposition: Disposition | null;
  dispositionReason: string;
  dispositionBy: Person | null;
  dispositionAt: Date | null;
  createdAt: Date;
  mentionsMe: boolean;
  /** I wrote the first comment. */
  mine: boolean;
  comments: CommentView[];
  can: { reply: boolean; resolve: boolean; setDisposition: boolean };
}

async function visibleThreads(o: { db: Db; actor: Actor; draftId: string }) {
  const [threads, sections] = await Promise.all([
    o.db.commentThread.findMany({ where: { AND: [{ draftId: o.draftId }, visibleThreadsWhere(o.actor)] }, include: threadInclude }),
    o.db.draftSection.findMany({ where: { draftId: o.draftId }, select: { sid: true, title: true, label: true, position: true } }),
  ]);
  const sectionOf = new Map(sections.map((s) => [s.sid, s]));
  const place = (sid: string) => sectionOf.get(sid)?.position ?? Number.MAX_SAFE_INTEGER;
  // Outline order, detached threads last; oldest first within a section.
  threads.sort((a, b) => place(a.sid) - place(b.sid) || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  return { threads, sectionOf };
}

async function namesOf(db: Db, ids: Iterable<string>): Promise<Map<string, Person>> {
  const unique = [...new Set(ids)];
  const users = unique.length ? await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } }) : [];
  return new Map(users.map((u) => [u.id, u]));
}

export async function listThreads(o: { db: Db; actor: Actor; role: DraftRole; draftId: string }) {
  const { threads, sectionOf } = await visibleThreads(o);
  const people = await namesOf(
    o.db,
    threads.flatMap((t) => [t.authorId, t.resolvedById, t.dispositionById, ...t.comments.map((c) => c.authorId)].filter((x): x is string => !!x)),
  );
  const person = (id: string | null): Person | null => (id ? (people.get(id) ?? { id, name: "" }) : null);
  const openCounts: Record<string, number> = {};
  const views: ThreadView[] = [];
  for (const t of threads) {
    const facts = threadFacts(t);
    // The database filter and the policy are one rule; the policy has the last word.
    if (!commentPolicy.readThread(o.role, o.actor, facts)) continue;
    if (t.status === "OPEN") openCounts[t.sid] = (openCounts[t.sid] ?? 0) + 1;
    const section = sectionOf.get(t.sid);
    views.push({
      id: t.id,
      sid: t.sid,
      sectionTitle: section?.title ?? t.sectionTitle,
      detached: !section,
      passage:
        t.anchorStart && t.anchorEnd
          ? { start: Buffer.from(t.anchorStart).toString("base64"), end: Buffer.from(t.anchorEnd).toString("base64"), quote: t.quote ?? "" }
          : null,
      author: person(t.authorId)!,
      visibility: t.visibility,
      status: t.status,
      resolvedBy: person(t.resolvedById),
      resolvedAt: t.resolvedAt,
      disposition: t.disposition,
      dispositionReason: t.dispositionReason ?? "",
      dispositionBy: person(t.dispositionById),
      dispositionAt: t.dispositionAt,
      createdAt: t.createdAt,
      mentionsMe: facts.mentionedIds.includes(o.actor.id),
      mine: t.authorId === o.actor.id,
      comments: t.comments.map((c) => {
        const deleted = c.deletedAt !== null;
        const cf = { authorId: c.authorId, deleted };
        return {
          id: c.id,
          author: person(c.authorId)!,
          body: deleted ? "" : c.body,
          deleted,
          edited: c.editedAt !== null,
          createdAt: c.createdAt,
          mine: c.authorId === o.actor.id,
          can: { edit: commentPolicy.edit(o.role, o.actor, facts, cf), delete: commentPolicy.delete(o.role, o.actor, facts, cf) },
        };
      }),
      can: {
        reply: commentPolicy.reply(o.role, o.actor, facts),
        resolve: commentPolicy.resolve(o.role, o.actor, facts),
        setDisposition: commentPolicy.setDisposition(o.role, o.actor, facts),
      },
    });
  }
  return { threads: views, openCounts };
}

export interface RegisterRow {
  threadId: string;
  sectionLabel: string;
  sectionTitle: string;
  detached: boolean;
  commenter: string;
  /** plainCommentText of the first comment; "" when it was deleted. */
  comment: string;
  createdAt: Date;
  status: ThreadStatus;
  disposition: Disposition | null;
  reason: string;
}

/** 意见采纳情况: one row per thread the caller may read, in outline order, detached last. */
export async function registerRows(o: { db: Db; actor: Actor; role: DraftRole; draftId: string }): Promise<RegisterRow[]> {
  const { threads, sectionOf } = await visibleThreads(o);
  const people = await namesOf(o.db, threads.map((t) => t.authorId));
  return threads
    .filter((t) => commentPolicy.readThread(o.role, o.actor, threadFacts(t)))
    .map((t) => {
      const section = sectionOf.get(t.sid);
      const first = t.comments[0];
      return {
        threadId: t.id,
        sectionLabel: section?.label ?? "",
        sectionTitle: section?.title ?? t.sectionTitle,
        detached: !section,
        commenter: people.get(t.authorId)?.name ?? "",
        comment: first && !first.deletedAt ? plainCommentText(first.body) : "",
        createdAt: t.createdAt,
        status: t.status,
        disposition: t.disposition,
        reason: t.dispositionReason ?? "",
      };
    });
}
