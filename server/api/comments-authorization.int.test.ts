import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { closeTestDatabase, useTestDatabase } from "@/server/test/db";
import { commentsFixture, SECTIONS, type CommentsFixture } from "@/server/services/comments/test-fixture";
import { appRouter } from "./root";

// Every comment procedure, called on a REAL draft (with real thread and comment ids) as an
// outsider, a reader (VIEWER) and a commenter — the authorization table
// (authorization.int.test.ts) only reaches them with a missing draft. A hidden draft is
// NOT_FOUND, a reader is FORBIDDEN to write, a commenter writes (and only their own).

type Who = "outsider" | "reader" | "commenter";
type Outcome = "ok" | "NOT_FOUND" | "FORBIDDEN";
type Caller = Awaited<ReturnType<CommentsFixture["as"]>>;

let f: CommentsFixture;
const callers = {} as Record<Who, Caller>;
/** A thread and comment written by the commenter, made fresh for each call that changes them. */
let fresh: () => Promise<{ threadId: string; commentId: string }>;

beforeAll(async () => {
  const db = useTestDatabase();
  f = await commentsFixture(db);
  callers.outsider = await f.as(f.people.outsider);
  callers.reader = await f.as(f.people.viewer);
  callers.commenter = await f.as(f.people.a);
  fresh = () => callers.commenter.comments.create({ draftId: f.draft.id, sid: SECTIONS.one, body: "授权测试意见" });
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
