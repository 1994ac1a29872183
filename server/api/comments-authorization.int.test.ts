import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { closeTestDatabase, useTestDatabase } from "@/server/test/db";
import { contextFor, type TestUser } from "@/server/test/factories";
import type { Db } from "@/server/db/client";
import { mentionToken } from "@/lib/comments/text";
import { commentsFixture, SECTIONS, type CommentsFixture } from "@/server/services/comments/test-fixture";
import { appRouter } from "./root";
import { createCallerFactory } from "./trpc";

// Every comment procedure, called on a REAL draft (with real thread and comment ids) as an
// outsider, a reader (VIEWER) and a commenter — the authorization table
// (authorization.int.test.ts) only reaches them with a missing draft. A hidden draft is
// NOT_FOUND, a reader is FORBIDDEN to write, a commenter writes (and only their own).
// The notification procedures (the bell) too, as the same three people and signed out:
// everyone signed in lists, counts and marks their own notifications and nobody else's.

type Who = "outsider" | "reader" | "commenter";
type Outcome = "ok" | "NOT_FOUND" | "FORBIDDEN";
type Caller = Awaited<ReturnType<CommentsFixture["as"]>>;

let db: Db;
let f: CommentsFixture;
const callers = {} as Record<Who, Caller>;
/** A thread and comment written by the commenter, made fresh for each call that changes them. */
let fresh: () => Promise<{ threadId: string; commentId: string }>;
/** Whose notifications are marked read behind their back: another commenter (c), with one unread from the start. */
let victim: Caller;
let victimsNotification: string;
/** Mentions people, so they get notifications: b for the three callers, the editor for the victim. */
let mentioner: Caller;
let victimMentioner: Caller;

beforeAll(async () => {
  db = useTestDatabase();
  f = await commentsFixture(db);
  callers.outsider = await f.as(f.people.outsider);
  callers.reader = await f.as(f.people.viewer);
  callers.commenter = await f.as(f.people.a);
  fresh = () => callers.commenter.comments.create({ draftId: f.draft.id, sid: SECTIONS.one, body: "授权测试意见" });
  victim = await f.as(f.people.c);
  mentioner = await f.as(f.people.b);
  victimMentioner = await f.as(f.people.editor);
  victimsNotification = await mention(victimMentioner, f.people.c);
});
afterAll(closeTestDatabase);

const ROWS: Record<string, { expect: Record<Who, Outcome>; call: (c: Caller) => Promise<unknown> }> = {
  "comments.list": {
    expect: { outsider: "NOT_FOUND", reader: "ok", commenter: "ok" },
    call: (c) => c.comments.list({ draftId: f.draft.id }),
  },
  "comments.create": {
    expect: { outsider: "NOT_FOUND", reader: "FORBIDDEN", commenter: "ok" },
    call: (c) => c.comments.create({ draftId: f.draft.id, sid: SECTIONS.two, body: "新意见" }),
  },
  "comments.reply": {
    expect: { outsider: "NOT_FOUND", reader: "FORBIDDEN", commenter: "ok" },
    call: async (c) => c.comments.reply({ draftId: f.draft.id, threadId: (await fresh()).threadId, body: "回复" }),
  },
  "comments.edit": {
    expect: { outsider: "NOT_FOUND", reader: "FORBIDDEN", commenter: "ok" },
    call: async (c) => c.comments.edit({ draftId: f.draft.id, commentId: (await fresh()).commentId, body: "改过的意见" }),
  },
  "comments.delete": {
    expect: { outsider: "NOT_FOUND", reader: "FORBIDDEN", commenter: "ok" },
    call: async (c) => c.comments.delete({ draftId: f.draft.id, commentId: (await fresh()).commentId }),
  },
  "comments.setStatus": {
    expect: { outsider: "NOT_FOUND", reader: "FORBIDDEN", commenter: "ok" },
    call: async (c) => c.comments.setStatus({ draftId: f.draft.id, threadId: (await fresh()).threadId, status: "RESOLVED" }),
  },
  "comments.setDisposition": {
    // Editors and the owner only: a commenter may not either.
    expect: { outsider: "NOT_FOUND", reader: "FORBIDDEN", commenter: "FORBIDDEN" },
    call: async (c) => c.comments.setDisposition({ draftId: f.draft.id, threadId: (await fresh()).threadId, disposition: "ADOPTED", reason: "" }),
  },
  "comments.mentionCandidates": {
    expect: { outsider: "NOT_FOUND", reader: "ok", commenter: "ok" },
    call: (c) => c.comments.mentionCandidates({ draftId: f.draft.id }),
  },
  "comments.checkMentions": {
    expect: { outsider: "NOT_FOUND", reader: "ok", commenter: "ok" },
    call: (c) => c.comments.checkMentions({ draftId: f.draft.id, userIds: [f.people.b.id] }),
  },
  "comments.register": {
    expect: { outsider: "NOT_FOUND", reader: "ok", commenter: "ok" },
    call: (c) => c.comments.register({ draftId: f.draft.id }),
  },
  "comments.onChange": {
    expect: { outsider: "NOT_FOUND", reader: "ok", commenter: "ok" },
    call: async (c) => {
      const stream = (await c.comments.onChange({ draftId: f.draft.id }))[Symbol.asyncIterator]();
      const first = await stream.next();
      await stream.return?.(undefined);
      expect(first.value).toEqual({ threadId: null });
    },
  },
  "comments.waiting": {
    // Not draft-scoped: everyone signed in; nobody gets threads of drafts they cannot read.
    expect: { outsider: "ok", reader: "ok", commenter: "ok" },
    call: (c) => c.comments.waiting(),
  },
};

async function outcome(who: Who, path: string): Promise<Outcome | string> {
  try {
    await ROWS[path]!.call(callers[who]);
    return "ok";
  } catch (e) {
    if (e instanceof TRPCError) return e.code;
    throw e;
  }
}

/** Someone mentions `person` on the draft; the id of the (unread) notification they get. */
async function mention(by: Caller, person: TestUser): Promise<string> {
  const { commentId } = await by.comments.create({ draftId: f.draft.id, sid: SECTIONS.two, body: `请${mentionToken(person.id, "某人")}看看` });
  return (await db.notification.findFirstOrThrow({ where: { userId: person.id, commentId } })).id;
}

type NotificationWho = Who | "signedOut";
const personOf = (who: NotificationWho): TestUser | null =>
  who === "reader" ? f.people.viewer : who === "commenter" ? f.people.a : who === "outsider" ? f.people.outsider : null;
/** A fresh unread notification of the caller's own; the outsider can read nothing to be mentioned in. */
const ownNotification = async (who: NotificationWho) => (who === "reader" || who === "commenter" ? mention(mentioner, personOf(who)!) : null);
/** The victim's notification is still unread for them, and still counted. */
async function victimStillUnread() {
  expect((await victim.notifications.list({})).items.find((n) => n.id === victimsNotification)).toMatchObject({ read: false });
  expect((await victim.notifications.unreadCount()).count).toBeGreaterThanOrEqual(1);
}

const NOTIFICATION_ROWS: Record<string, { expect: Record<NotificationWho, Outcome | "UNAUTHORIZED">; call: (c: Caller, who: NotificationWho) => Promise<unknown> }> = {
  "notifications.list": {
    expect: { outsider: "ok", reader: "ok", commenter: "ok", signedOut: "UNAUTHORIZED" },
    call: async (c, who) => {
      const mine = await ownNotification(who);
      const { items } = await c.notifications.list({});
      // The caller's own only: the new one is there, the victim's (and anyone else's) are not.
      const owners = await db.notification.findMany({ where: { id: { in: items.map((n) => n.id) } }, select: { userId: true } });
      expect(new Set(owners.map((o) => o.userId))).toEqual(new Set(mine ? [personOf(who)!.id] : []));
      if (mine) expect(items.find((n) => n.id === mine)).toMatchObject({ read: false, draftId: f.draft.id });
      expect(items.map((n) => n.id)).not.toContain(victimsNotification);
    },
  },
  "notifications.unreadCount": {
    expect: { outsider: "ok", reader: "ok", commenter: "ok", signedOut: "UNAUTHORIZED" },
    call: async (c, who) => {
      const before = (await c.notifications.unreadCount()).count;
      const mine = await ownNotification(who);
      const after = (await c.notifications.unreadCount()).count;
      // Counts the caller's own: one more after their mention; the outsider has none, whatever others have.
      expect(after).toBe(mine ? before + 1 : 0);
    },
  },
  "notifications.markRead": {
    expect: { outsider: "ok", reader: "ok", commenter: "ok", signedOut: "UNAUTHORIZED" },
    call: async (c, who) => {
      const mine = await ownNotification(who);
      if (mine) {
        const before = (await c.notifications.unreadCount()).count;
        expect(await c.notifications.markRead({ ids: [mine] })).toEqual({ ok: true });
        expect((await c.notifications.list({})).items.find((n) => n.id === mine)).toMatchObject({ read: true });
        expect((await c.notifications.unreadCount()).count).toBe(before - 1);
      } else {
        await c.notifications.markRead({ ids: [victimsNotification] });
      }
      await victimStillUnread();
    },
  },
  "notifications.markAllRead": {
    expect: { outsider: "ok", reader: "ok", commenter: "ok", signedOut: "UNAUTHORIZED" },
    call: async (c, who) => {
      const mine = await ownNotification(who);
      expect(await c.notifications.markAllRead()).toEqual({ ok: true });
      expect((await c.notifications.unreadCount()).count).toBe(0);
      if (mine) expect((await c.notifications.list({})).items.find((n) => n.id === mine)).toMatchObject({ read: true });
      await victimStillUnread();
    },
  },
  "notifications.onChange": {
    expect: { outsider: "ok", reader: "ok", commenter: "ok", signedOut: "UNAUTHORIZED" },
    call: async (c, who) => {
      const mine = await ownNotification(who);
      const stream = (await c.notifications.onChange())[Symbol.asyncIterator]();
      const first = await stream.next();
      await stream.return?.(undefined);
      // The caller's own unread count, at once.
      const own = (await c.notifications.unreadCount()).count;
      if (mine) expect(own).toBeGreaterThanOrEqual(1);
      else expect(own).toBe(0);
      expect(first.value).toEqual({ unread: own });
    },
  },
};

async function notificationOutcome(who: NotificationWho, path: string): Promise<Outcome | string> {
  const c = who === "signedOut" ? (createCallerFactory(appRouter)(contextFor(null)) as Caller) : callers[who];
  try {
    await NOTIFICATION_ROWS[path]!.call(c, who);
    return "ok";
  } catch (e) {
    if (e instanceof TRPCError) return e.code;
    throw e;
  }
}

describe("notification procedures", () => {
  it("has a row for every notifications.* procedure", () => {
    const paths = Object.keys(appRouter._def.procedures as Record<string, unknown>).filter((p) => p.startsWith("notifications."));
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((p) => !(p in NOTIFICATION_ROWS)), "notification procedures with no row here").toEqual([]);
  });

  describe.each(Object.keys(NOTIFICATION_ROWS))("%s", (path) => {
    it.each(["outsider", "reader", "commenter", "signedOut"] as const)("as %s", async (who) => {
      expect(await notificationOutcome(who, path)).toBe(NOTIFICATION_ROWS[path]!.expect[who]);
    });
  });

  it.each(["outsider", "reader", "commenter"] as const)("as %s, marking another person's notification read leaves it unread for them", async (who) => {
    const theirs = await mention(victimMentioner, f.people.c);
    const before = (await victim.notifications.unreadCount()).count;
    // Answered like any id of one's own that is already read: nothing to tell the caller.
    expect(await callers[who].notifications.markRead({ ids: [theirs] })).toEqual({ ok: true });
    expect((await victim.notifications.list({})).items.find((n) => n.id === theirs)).toMatchObject({ read: false });
    expect((await victim.notifications.unreadCount()).count).toBe(before);
    expect(await db.notification.findUniqueOrThrow({ where: { id: theirs } })).toMatchObject({ userId: f.people.c.id, readAt: null });
  });
});

describe("comment procedures on a real draft", () => {
  it("has a row for every comments.* procedure", () => {
    const paths = Object.keys(appRouter._def.procedures as Record<string, unknown>).filter((p) => p.startsWith("comments."));
    expect(paths.filter((p) => !(p in ROWS)), "comment procedures with no row here").toEqual([]);
  });

  describe.each(Object.keys(ROWS))("%s", (path) => {
    it.each(["outsider", "reader", "commenter"] as const)("as %s", async (who) => {
      expect(await outcome(who, path)).toBe(ROWS[path]!.expect[who]);
    });
  });

  it("a commenter may not edit, delete or resolve another person's comment", async () => {
    const other = await (await f.as(f.people.b)).comments.create({ draftId: f.draft.id, sid: SECTIONS.one, body: "别人的意见" });
    const c = callers.commenter;
    await expect(c.comments.edit({ draftId: f.draft.id, commentId: other.commentId, body: "改别人的" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(c.comments.delete({ draftId: f.draft.id, commentId: other.commentId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(c.comments.setStatus({ draftId: f.draft.id, threadId: other.threadId, status: "RESOLVED" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("the outsider's 工作台 and notifications name nothing of the draft", async () => {
    const w = await callers.outsider.comments.waiting();
    expect([...w.mentioningMe, ...w.repliesToMe, ...w.awaitingDisposition]).toEqual([]);
    expect((await callers.outsider.notifications.list({})).items).toEqual([]);
  });
});
