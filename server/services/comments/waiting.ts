import type { Db } from "../../db/client";
import type { Actor } from "../../policy";
import { commentPolicy, visibleThreadsWhere } from "../../policy/comments";
import { draftRole, visibleDraftsWhere } from "../../policy/drafts";
import { excerpt, threadFacts, threadInclude } from "./common";

// 工作台: what waits for me. Open threads that mention me (and I have not answered since),
// open threads where someone answered after my last comment, and — on drafts I own or edit —
// threads (open or resolved) without a disposition, soonest deadline first.

export interface WaitingItem {
  threadId: string;
  draftId: string;
  draftTitle: string;
  deadline: Date | null;
  sectionTitle: string;
  /** ≤ 80 characters, plain text. */
  excerpt: string;
  at: Date;
}

/** Items per list. */
export const WAITING_LIMIT = 50;
/** Rows read per list before filtering (bounds the work for very active people). */
const SCAN = 500;

const threadSelect = { id: true, draftId: true, sectionTitle: true, draft: { select: { title: true, deadline: true } } } as const;

type ThreadRef = { id: string; draftId: string; sectionTitle: string; draft: { title: string; deadline: Date | null } };

const item = (t: ThreadRef, body: string, at: Date): WaitingItem => ({
  threadId: t.id,
  draftId: t.draftId,
  draftTitle: t.draft.title,
  deadline: t.draft.deadline,
  sectionTitle: t.sectionTitle,
  excerpt: excerpt(body),
  at,
});

const newestFirst = (a: WaitingItem, b: WaitingItem) => b.at.getTime() - a.at.getTime();

export async function waitingForMe(o: { db: Db; actor: Actor }) {
  const me = o.actor.id;
  const openVisible = { AND: [visibleThreadsWhere(o.actor), { status: "OPEN" as const }] };

  // My latest comment per open thread I take part in.
  const mine = await o.db.comment.groupBy({
    by: ["threadId"],
    where: { authorId: me, thread: openVisible },
    _max: { createdAt: true },
    orderBy: { _max: { createdAt: "desc" } },
    take: SCAN,
  });
  const myLast = new Map(mine.map((m) => [m.threadId, m._max.createdAt!]));
  const answered = (threadId: string, at: Date) => (myLast.get(threadId)?.getTime() ?? 0) > at.getTime();

  // Mentions of me by others, newest first; one item per thread, unless I answered after it.
  const mentions = await o.db.comment.findMany({
    where: { deletedAt: null, authorId: { not: me }, mentions: { some: { userId: me } }, thread: openVisible },
    orderBy: { createdAt: "desc" },
    take: SCAN,
    select: { body: true, createdAt: true, thread: { select: threadSelect } },
  });
  const mentioningMe: WaitingItem[] = [];
  const listed = new Set<string>();
  for (const c of mentions) {
    if (listed.has(c.thread.id)) continue;
    listed.add(c.thread.id);
    if (!answered(c.thread.id, c.createdAt)) mentioningMe.push(item(c.thread, c.body, c.createdAt));
  }

  // Others' newest comment in threads I wrote in, when it came after my last one.
  const replies = myLast.size
    ? await o.db.comment.findMany({
        where: { threadId: { in: [...myLast.keys()] }, authorId: { not: me }, deletedAt: null },
        orderBy: { createdAt: "desc" },
        distinct: ["threadId"],
        select: { body: true, createdAt: true, thread: { select: threadSelect } },
      })
    : [];
  const repliesToMe = replies
    .filter((c) => !listed.has(c.thread.id) && !answered(c.thread.id, c.createdAt))
    .map((c) => item(c.thread, c.body, c.createdAt));

  // Drafts where I set dispositions: by the drafts policy, then per thread by the comments policy.
  const drafts = await o.db.draft.findMany({
    where: visibleDraftsWhere(o.actor),
    select: { id: true, ownerId: true, committeeId: true, status: true, members: { where: { userId: me }, select: { role: true } } },
  });
  const roleOf = new Map(
    drafts.map((d) => [d.id, draftRole(o.actor, { ownerId: d.ownerId, committeeId: d.committeeId, status: d.status, explicitRole: d.members[0]?.role ?? null })]),
  );
  const editable = drafts.filter((d) => commentPolicy.setsDispositions(roleOf.get(d.id) ?? null)).map((d) => d.id);
  const pending = editable.length
    ? await o.db.commentThread.findMany({
        where: { AND: [{ draftId: { in: editable }, disposition: null }, visibleThreadsWhere(o.actor)] },
        orderBy: { createdAt: "asc" },
        take: SCAN,
        include: { ...threadInclude, draft: { select: { title: true, deadline: true } } },
      })
    : [];
  const awaitingDisposition = pending
    .filter((t) => commentPolicy.setDisposition(roleOf.get(t.draftId) ?? null, o.actor, threadFacts(t)))
    .map((t) => {
      const first = t.comments[0];
      return item(t, first && !first.deletedAt ? first.body : "", t.createdAt);
    })
    .sort(
      (a, b) =>
        (a.deadline?.getTime() ?? Number.MAX_SAFE_INTEGER) - (b.deadline?.getTime() ?? Number.MAX_SAFE_INTEGER) || a.at.getTime() - b.at.getTime(),
    );

  return {
    mentioningMe: mentioningMe.sort(newestFirst).slice(0, WAITING_LIMIT),
    repliesToMe: repliesToMe.sort(newestFirst).slice(0, WAITING_LIMIT),
    awaitingDisposition: awaitingDisposition.slice(0, WAITING_LIMIT),
  };
}
