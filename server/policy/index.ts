import type { CommitteeRole, GlobalRole } from "../db/generated/enums";

// The one place that decides who may do what. tRPC procedure builders and the collab
// server both ask here; nothing else compares roles. Functions are pure: callers load
// the actor (server/auth/session.ts) and the resource, then ask.

export interface Actor {
  id: string;
  role: GlobalRole;
  disabled: boolean;
  memberships: { committeeId: string; role: CommitteeRole }[];
}

export const isAdmin = (a: Actor | null | undefined): a is Actor => !!a && !a.disabled && a.role === "ADMIN";
export const isSignedIn = (a: Actor | null | undefined): a is Actor => !!a && !a.disabled;

export const policy = {
  /** 办公室 manages people, committees and memberships. */
  manageUsers: (a: Actor | null) => isAdmin(a),
  manageCommittees: (a: Actor | null) => isAdmin(a),
  viewAuditLog: (a: Actor | null) => isAdmin(a),
  /** Everyone signed in sees the committee list (names and heads are not confidential inside the conference). */
  viewCommittees: (a: Actor | null) => isSignedIn(a),
  /** Leadership reads every committee's work. */
  readsEverything: (a: Actor | null) =>
    isSignedIn(a) && (a.role === "CHAIR" || a.role === "VICE_CHAIR" || a.role === "ADMIN"),
  /** Who sees a committee's ordinary members: the secretariat; everyone sees heads and deputies. */
  seesCommitteeMember: (a: Actor | null, role: CommitteeRole) => isAdmin(a) || (isSignedIn(a) && role !== "MEMBER"),
  committeeRole: (a: Actor | null, committeeId: string): CommitteeRole | null =>
    isSignedIn(a) ? (a.memberships.find((m) => m.committeeId === committeeId)?.role ?? null) : null,
};
