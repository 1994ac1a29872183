import type { Prisma } from "../db/generated/client";
import type { DraftRole, ThreadVisibility } from "../db/generated/enums";
import { isSignedIn, type Actor } from "./index";
import { atLeast, draftPolicy, visibleDraftsWhere } from "./drafts";

// Who may do what with comment threads. Every rule starts from the actor's role on the
// draft (draftRole: null means the draft is hidden, and so is every thread on it):
// - MEMBERS threads are read by everyone who reads the draft; INTERNAL (内部) threads only by
//   their author, the draft's owner and the people mentioned in the thread;
// - commenters and up comment and reply; viewers read only;
// - a comment is edited and deleted by its author only;
// - a thread is resolved or reopened by its author or by an editor / the owner;
// - the disposition (采纳情况) is set by editors and the owner;
// - a person may be mentioned when they can read the draft; the owner may invite someone
//   who cannot (the members policy decides that).

export interface ThreadFacts {
  authorId: string;
  visibility: ThreadVisibility;
  /** People currently mentioned by any comment of the thread. */
  mentionedIds: readonly string[];
}

export interface CommentFacts {
  authorId: string;
  deleted: boolean;
}

function readThread(role: DraftRole | null, a: Actor | null, t: ThreadFacts): boolean {
  if (!isSignedIn(a) || !draftPolicy.read(role)) return false;
  if (t.visibility === "MEMBERS") return true;
  return role === "OWNER" || t.authorId === a.id || t.mentionedIds.includes(a.id);
}

export const commentPolicy = {
  readThread,
  /** Start a thread (and choose INTERNAL visibility). */
  create: (role: DraftRole | null, a: Actor | null) => isSignedIn(a) && draftPolicy.comment(role),
  reply: (role: DraftRole | null, a: Actor | null, t: ThreadFacts) => readThread(role, a, t) && draftPolicy.comment(role),
  edit: (role: DraftRole | null, a: Actor | null, t: ThreadFacts, c: CommentFacts) =>
    readThread(role, a, t) && draftPolicy.comment(role) && !c.deleted && c.authorId === a!.id,
  delete: (role: DraftRole | null, a: Actor | null, t: ThreadFacts, c: CommentFacts) =>
    readThread(role, a, t) && draftPolicy.comment(role) && !c.deleted && c.authorId === a!.id,
  /** Resolve or reopen. */
  resolve: (role: DraftRole | null, a: Actor | null, t: ThreadFacts) =>
    readThread(role, a, t) && (atLeast(role, "EDITOR") || (draftPolicy.comment(role) && t.authorId === a!.id)),
  /** Whether the role sets dispositions on the draft at all (工作台's "awaiting disposition"). */
  setsDispositions: (role: DraftRole | null) => atLeast(role, "EDITOR"),
  setDisposition: (role: DraftRole | null, a: Actor | null, t: ThreadFacts) => readThread(role, a, t) && atLeast(role, "EDITOR"),
  /** Whether a person with this role on the draft may be mentioned (mentions reach readers only). */
  mentionable: (mentionedRole: DraftRole | null) => draftPolicy.read(mentionedRole),
  /** Whether the actor may give someone without access a role instead (the owner, the secretariat). */
  inviteOnMention: (role: DraftRole | null, a: Actor | null) => draftPolicy.manageMembers(role, a),
};

/**
 * The threads `commentPolicy.readThread` lets the actor read, as a database filter — the same
 * rule, for lists, counts, notifications and the 工作台. The draft part is visibleDraftsWhere
 * (non-null role); OWNER is exactly `ownerId = actor`. server/policy/comments.int.test.ts
 * checks the two agree for every kind of person and thread.
 */
export function visibleThreadsWhere(a: Actor | null): Prisma.CommentThreadWhereInput {
  if (!isSignedIn(a)) return { id: { in: [] } };
  return {
    draft: visibleDraftsWhere(a),
    OR: [
      { visibility: "MEMBERS" },
      { authorId: a.id },
      { draft: { ownerId: a.id } },
      { comments: { some: { mentions: { some: { userId: a.id } } } } },
    ],
  };
}
