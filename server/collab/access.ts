import { getDb } from "../db/client";
import { loadSessionUser, type SessionUser } from "../auth/load-session-user";
import { loadDraftAccess } from "../services/drafts/draft-access";
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
