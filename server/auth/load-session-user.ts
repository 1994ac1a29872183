import { getDb } from "../db/client";
import type { Actor } from "../policy";

// Kept free of next-auth and React so the collab server (loaded by server/main.ts before
// Next starts) can use it.

export interface SessionUser extends Actor {
  name: string;
  username: string;
  title: string;
  locale: string;
  email: string | null;
  sessionVersion: number;
}

/**
 * The signed-in user, re-read from the database on every request. A JWT whose
 * sessionVersion is older than the user's, or whose user is disabled, counts as signed out.
 */
const SESSION_USER_SELECT = {
  id: true, name: true, username: true, title: true, locale: true, email: true,
  role: true, disabled: true, sessionVersion: true,
  memberships: { select: { committeeId: true, role: true } },
} as const;

export async function loadSessionUser(uid: string | undefined, sv: number | undefined): Promise<SessionUser | null> {
  if (!uid) return null;
  const user = await getDb().user.findUnique({
    // The user and its memberships in one statement (relationJoins), on every request.
    relationLoadStrategy: "join",
    where: { id: uid },
    select: SESSION_USER_SELECT,
  });
  return signedIn(user, sv);
}

function signedIn<U extends { disabled: boolean; sessionVersion: number }>(user: U | null, sv: number | undefined): U | null {
  if (!user || user.disabled || user.sessionVersion !== sv) return null;
  return user;
}

/**
 * Many signed-in users at once (the collab server's periodic recheck of every open
 * connection): one statement; each (id, sessionVersion) gets the same answer as
 * loadSessionUser would give it.
 */
export async function loadSessionUsers(keys: { userId: string; sessionVersion: number }[]): Promise<(SessionUser | null)[]> {
  const ids = [...new Set(keys.map((k) => k.userId))];
  const rows = ids.length
    ? await getDb().user.findMany({ relationLoadStrategy: "join", where: { id: { in: ids } }, select: SESSION_USER_SELECT })
    : [];
  const byId = new Map(rows.map((u) => [u.id, u]));
  return keys.map((k) => signedIn(byId.get(k.userId) ?? null, k.sessionVersion));
}
