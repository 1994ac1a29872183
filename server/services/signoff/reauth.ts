import { AppError } from "../../errors";
import { verifyPassword } from "../../auth/password";
import { reauthThrottleState, recordReauthFailure, recordReauthSuccess } from "../../auth/throttle";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { SignoffCtx } from "./common";

// Signing asks who is signing again: the password, or a sign-in within the last five minutes
// (the session's sign-in time, `authTime` in the JWT, server/auth/config.ts). Wrong passwords
// are counted per user and refused past LOGIN_MAX_FAILURES in the window (server/auth/throttle.ts),
// and each is an audit event.

export const REAUTH_WINDOW_MS = 5 * 60_000;
/** A sign-in time a little in the future (clock skew between instances) still counts. */
const SKEW_MS = 30_000;

export type ReauthMethod = "password" | "recentSignIn";

export async function reauthenticate(o: SignoffCtx & { draftId?: string; password?: string; authTime?: Date | null; now?: Date }): Promise<ReauthMethod> {
  const now = (o.now ?? new Date()).getTime();
  if (o.password === undefined || o.password === "") {
    const at = o.authTime?.getTime();
    if (at !== undefined && !Number.isNaN(at) && now - at <= REAUTH_WINDOW_MS && at - now <= SKEW_MS) return "recentSignIn";
    throw new AppError("PRECONDITION_FAILED", "signoff.reauthRequired");
  }
  const state = await reauthThrottleState(o.actor.id);
  if (state.blocked) throw new AppError("TOO_MANY_REQUESTS", "signoff.reauthLimited", { seconds: state.retryAfterSeconds });
  const user = await o.db.user.findUnique({ where: { id: o.actor.id }, select: { passwordHash: true, disabled: true } });
  const ok = await verifyPassword(user?.passwordHash, o.password);
  if (!ok || !user || user.disabled) {
    await recordReauthFailure(o.actor.id);
    await o.db.$transaction((tx) =>
      recordAuditEvent({
        tx, actorId: o.actor.id, type: "signoff.reauth_failed", target: { type: "User", id: o.actor.id },
        data: o.draftId ? { draftId: o.draftId } : {}, meta: o.meta,
      }),
    );
    throw new AppError("FORBIDDEN", "signoff.wrongPassword");
  }
  await recordReauthSuccess(o.actor.id);
  return "password";
}
