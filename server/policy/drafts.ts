import type { Prisma } from "../db/generated/client";
import type { DraftRole, DraftStatus } from "../db/generated/enums";
import { isSignedIn, policy, type Actor } from "./index";

// Who may do what on a draft. An explicit DraftMember row wins; without one the committee
// decides: its head and deputy head edit, its members comment. The chair and vice-chairs
// read every draft, and so does the secretariat, which prepares drafts for any committee.

export interface DraftAccessFacts {
  ownerId: string;
  committeeId: string;
  status: DraftStatus;
  /** The actor's explicit role on this draft, if any. */
  explicitRole: DraftRole | null;
}

const RANK: Record<DraftRole, number> = { VIEWER: 1, COMMENTER: 2, EDITOR: 3, OWNER: 4 };

export function atLeast(role: DraftRole | null, min: DraftRole): boolean {
  return role !== null && RANK[role] >= RANK[min];
}

function defaultRole(a: Actor, d: DraftAccessFacts): DraftRole | null {
  const m = a.memberships.find((x) => x.committeeId === d.committeeId);
  if (m?.role === "HEAD" || m?.role === "DEPUTY_HEAD") return "EDITOR";
  if (m?.role === "MEMBER") return "COMMENTER";
  if (policy.readsEverything(a)) return "VIEWER";
  return null;
}

/** The actor's effective role, or null when the draft must look like it does not exist. */
export function draftRole(a: Actor | null, d: DraftAccessFacts): DraftRole | null {
  if (!isSignedIn(a)) return null;
  if (d.ownerId === a.id) return "OWNER";
  // An explicit role wins, so an owner can also narrow a committee default (member → viewer).
  return d.explicitRole ?? defaultRole(a, d);
}

/**
 * The drafts `draftRole` gives the actor a role on, as a database filter — the same rule,
 * for lists and counts. draftRole is non-null exactly when the actor owns the draft, has an
 * explicit role on it, belongs to its committee, or reads everything; so is this filter.
 * server/services/drafts/list-drafts.int.test.ts checks the two agree for every role.
 */
export function visibleDraftsWhere(a: Actor | null): Prisma.DraftWhereInput {
  if (!isSignedIn(a)) return { id: { in: [] } };
  if (policy.readsEverything(a)) return {};
  return {
    OR: [
      { ownerId: a.id },
      { members: { some: { userId: a.id } } },
      { committeeId: { in: a.memberships.map((m) => m.committeeId) } },
    ],
  };
}

export const draftPolicy = {
  read: (role: DraftRole | null) => role !== null,
  comment: (role: DraftRole | null) => atLeast(role, "COMMENTER"),
  /** A final version is read-only for everyone until reopened. */
  edit: (role: DraftRole | null, status: DraftStatus) => status !== "FINAL" && atLeast(role, "EDITOR"),
  manageMembers: (role: DraftRole | null, a: Actor | null) => role === "OWNER" || (isSignedIn(a) && a.role === "ADMIN" && role !== null),
  /** Heads and deputy heads create drafts for their committee; the secretariat for any. */
  create: (a: Actor | null, committeeId: string) =>
    isSignedIn(a) &&
    (a.role === "ADMIN" ||
      a.memberships.some((m) => m.committeeId === committeeId && (m.role === "HEAD" || m.role === "DEPUTY_HEAD"))),
};
