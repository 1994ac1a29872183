import type { Db } from "../../db/client";
import { AppError } from "../../errors";
import { loadSessionUser, type SessionUser } from "../../auth/load-session-user";
import { loadDraftAccess } from "../drafts/draft-access";
import { eventStream, type AppEvent, type EventBus } from "../events";
import { unreadNotificationCount } from "../notifications/notifications";
import { loadVisibleThread } from "./common";

// Live hints for subscriptions (tRPC over SSE). They carry no content: the client refetches
// comments.list / notifications, which apply visibility. Before each hint the subscriber is
// checked again — still signed in (not disabled, same session version), still a reader of
// the draft, and able to read the thread — so a person removed from the draft stops hearing
// of it at the next event, and nobody hears of an internal thread they cannot read.

/** The person again, as the database has them now; null when their session no longer counts. The
 *  actor is a SessionUser (not only an Actor): its session version is checked at every event. */
const reloadUser = (u: SessionUser) => loadSessionUser(u.id, u.sessionVersion);

type DraftEvent = Extract<AppEvent, { type: "comments.changed" | "access.changed" }>;

/**
 * Yields `{ threadId: null }` at once (refetch: something may have changed while the client
 * was not listening), then `{ threadId }` for each change of a thread the subscriber can read,
 * `{ threadId: null }` for draft-wide changes. Throws NOT_FOUND when access is lost.
 */
export async function* commentChanges(o: { db: Db; actor: SessionUser; draftId: string; signal?: AbortSignal; bus?: EventBus }) {
  const accept = (e: AppEvent): e is DraftEvent =>
    (e.type === "comments.changed" && e.draftId === o.draftId) ||
    (e.type === "access.changed" && (!e.draftId || e.draftId === o.draftId) && (!e.userId || e.userId === o.actor.id));
  const events = eventStream({ accept, signal: o.signal, bus: o.bus }); // listening before the first answer
  try {
    yield { threadId: null as string | null };
    for await (const e of events) {
      const user = await reloadUser(o.actor);
      if (!user) throw new AppError("UNAUTHORIZED", "signedOut");
      const { role } = await loadDraftAccess({ db: o.db, actor: user, draftId: o.draftId }); // NOT_FOUND when hidden now
      if (e.type === "access.changed") continue;
      if (!e.threadId) {
        yield { threadId: null };
        continue;
      }
      // loadVisibleThread asks commentPolicy.readThread and answers NOT_FOUND for what it may not read.
      const visible = await loadVisibleThread(o.db, { actor: user, role, draftId: o.draftId, threadId: e.threadId }).then(
        () => true,
        () => false,
      );
      if (visible) yield { threadId: e.threadId as string | null };
    }
  } finally {
    await events.return?.();
  }
}

/** Yields `{ unread }` at once, then whenever the count of the person's unread notifications changes. */
export async function* notificationChanges(o: { db: Db; actor: SessionUser; signal?: AbortSignal; bus?: EventBus }) {
  const accept = (e: AppEvent): e is AppEvent =>
    (e.type === "notifications.changed" && e.userId === o.actor.id) || (e.type === "access.changed" && (!e.userId || e.userId === o.actor.id));
  const events = eventStream({ accept, signal: o.signal, bus: o.bus });
  try {
    let last = await unreadNotificationCount({ db: o.db, actor: o.actor });
    yield { unread: last };
    for await (const _ of events) {
      const user = await reloadUser(o.actor);
      if (!user) throw new AppError("UNAUTHORIZED", "signedOut");
      const unread = await unreadNotificationCount({ db: o.db, actor: user });
      if (unread === last) continue;
      last = unread;
      yield { unread };
    }
  } finally {
    await events.return?.();
  }
}
