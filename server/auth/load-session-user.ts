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
export async function loadSessionUser(uid: string | undefined, sv: number | undefined): Promise<SessionUser | null> {
  if (!uid) return null;
  const user = await getDb().user.findUnique({
    // The user and its memberships in one statement (relationJoins), on every request.
    relationLoadStrategy: "join",
    where: { id: uid },
    select: {
      id: true, name: true, username: true, title: true, locale: true, email: true,
      role: true, disabled: true, sessionVersion: true,
      memberships: { select: { committeeId: true, role: true } },
    },
  });
  if (!user || user.disabled || user.sessionVersion !== sv) return null;
  return user;
}
