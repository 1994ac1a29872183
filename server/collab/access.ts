import { getDb } from "../db/client";
import { loadSessionUser, loadSessionUsers, type SessionUser } from "../auth/load-session-user";
import { loadDraftAccess, loadDraftRoles } from "../services/drafts/draft-access";
import { draftPolicy } from "../policy/drafts";
import { AppError } from "../errors";
import type { DraftRole } from "../db/generated/enums";

export interface CollabAccess {
  user: SessionUser;
  role: DraftRole;
  readOnly: boolean;
}

/**
 * The same decision as the HTTP API: the policy in server/policy/drafts.ts. null means
 * "refuse", whether the draft is unknown, hidden from this user, or the user is gone.
 */
export async function collabAccess(o: { userId: string; sessionVersion: number; draftId: string }): Promise<CollabAccess | null> {
  const user = await loadSessionUser(o.userId, o.sessionVersion);
  if (!user) return null;
  try {
    const { draft, role } = await loadDraftAccess({ db: getDb(), actor: user, draftId: o.draftId });
    return { user, role, readOnly: !draftPolicy.edit(role, draft.status) };
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") return null;
    throw e;
  }
}

/**
 * The same decision for many connections at once (the periodic recheck of every open
 * connection): two statements however many users and drafts, instead of two per pair.
 */
export async function collabAccessMany(keys: { userId: string; sessionVersion: number; draftId: string }[]): Promise<(CollabAccess | null)[]> {
  const users = await loadSessionUsers(keys);
  const asked = keys.flatMap((k, i) => (users[i] ? [{ i, actor: users[i]!, draftId: k.draftId }] : []));
  const roles = await loadDraftRoles({ db: getDb(), pairs: asked });
  const out: (CollabAccess | null)[] = keys.map(() => null);
  asked.forEach((a, j) => {
    const r = roles[j];
    if (r) out[a.i] = { user: a.actor, role: r.role, readOnly: !draftPolicy.edit(r.role, r.status) };
  });
  return out;
}
