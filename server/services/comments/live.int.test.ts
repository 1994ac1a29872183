import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import type { Db } from "../../db/client";
import { appRouter } from "../../api/root";
import { createContext } from "../../api/trpc";
import type { SessionUser } from "../../auth/session";
import { closeTestDatabase, useTestDatabase } from "../../test/db";
import { makeUser, sessionFor } from "../../test/factories";
import { removeDraftMember, setDraftMemberRole } from "../drafts/draft-members";
import { createEventBus } from "../events";
import { commentChanges } from "./live";
import { commentsFixture, SECTIONS, type CommentsFixture } from "./test-fixture";
import { mentionToken } from "@/lib/comments/text";

// Live: a subscriber hears of a change within a second, with no content, only for threads it
// may read, and stops hearing when it loses access — through the tRPC caller, over HTTP as
// Server-Sent Events, and between two event buses through Redis.

let db: Db;
let f: CommentsFixture;
type Caller = Awaited<ReturnType<CommentsFixture["as"]>>;
let a: Caller, b: Caller, c: Caller;
const draftId = () => f.draft.id;

beforeAll(async () => {
  db = useTestDatabase();
  f = await commentsFixture(db);
  a = await f.as(f.people.a);
  b = await f.as(f.people.b);
  c = await f.as(f.people.c);
});
afterAll(closeTestDatabase);

const TIMEOUT = Symbol("timeout");
/** A next() that timed out is still pending: the following call waits for that one, so no value is lost. */
const pending = new WeakMap<AsyncIterator<unknown>, Promise<IteratorResult<unknown>>>();
/** The iterator's next value, or TIMEOUT after `ms`. */
async function nextWithin<T>(it: AsyncIterator<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  const next = (pending.get(it) as Promise<IteratorResult<T>> | undefined) ?? it.next();
  pending.set(it, next);
  const r = await Promise.race([next, new Promise<typeof TIMEOUT>((res) => (timer = setTimeout(() => res(TIMEOUT), ms)))]);
  clearTimeout(timer);
  if (r === TIMEOUT) return TIMEOUT;
  pending.delete(it);
  if (r.done) throw new Error("stream ended");
  return r.value;
}

/** Time from `action` to the next value of `it`. */
async function timed<T>(it: AsyncIterator<T>, action: () => Promise<unknown>): Promise<{ value: T | typeof TIMEOUT; ms: number }> {
  const started = performance.now();
  const pending = nextWithin(it, 1000);
  await action();
  const value = await pending;
  return { value, ms: performance.now() - started };
}

describe("comments.onChange through the tRPC caller", () => {
  it("tells a subscriber of a reply within 1 s, with the thread id and nothing else", async () => {
    const { threadId } = await a.comments.create({ draftId: draftId(), sid: SECTIONS.one, body: "实时测试" });
    const stream = (await b.comments.onChange({ draftId: draftId() }))[Symbol.asyncIterator]();
    expect(await nextWithin(stream, 1000)).toEqual({ threadId: null }); // refetch on (re)connect
    const { value, ms } = await timed(stream, () => a.comments.reply({ draftId: draftId(), threadId, body: "回复" }));
    expect(value).toEqual({ threadId });
    expect(ms).toBeLessThan(1000);
    await stream.return?.(undefined);
  });

  it("says nothing of an internal thread the subscriber may not read", async () => {
    const stream = (await c.comments.onChange({ draftId: draftId() }))[Symbol.asyncIterator]();
    await nextWithin(stream, 1000);
    await a.comments.create({ draftId: draftId(), sid: SECTIONS.one, body: `内部：${mentionToken(f.people.b.id, "乙")}`, visibility: "INTERNAL" });
    expect(await nextWithin(stream, 700)).toBe(TIMEOUT);
    // The mentioned person does hear of it (their own subscription).
    const { threadId } = await a.comments.create({ draftId: draftId(), sid: SECTIONS.one, body: "公开的" });
    expect(await nextWithin(stream, 1000)).toEqual({ threadId });
    await stream.return?.(undefined);
  });

  it("ends with NOT_FOUND for someone removed from the draft, at the next event", async () => {
    const u = await makeUser(db);
    await setDraftMemberRole({ db, actor: await sessionFor(db, f.people.owner.id), draftId: draftId(), userId: u.id, role: "COMMENTER" });
    const stream = (await (await f.as(u)).comments.onChange({ draftId: draftId() }))[Symbol.asyncIterator]();
    await nextWithin(stream, 1000);
    const ended = stream.next().then(
      () => "yielded",
      (e: { code?: string }) => e.code,
    );
    await removeDraftMember({ db, actor: await sessionFor(db, f.people.owner.id), draftId: draftId(), userId: u.id });
    expect(await Promise.race([ended, new Promise((r) => setTimeout(() => r("still open"), 1000))])).toBe("NOT_FOUND");
  });

  it("notifications.onChange gives the unread count at once and again within 1 s of a mention", async () => {
    const stream = (await b.notifications.onChange())[Symbol.asyncIterator]();
    const first = await nextWithin(stream, 1000);
    expect(first).toEqual({ unread: (await b.notifications.unreadCount()).count });
    const { value, ms } = await timed(stream, () =>
      a.comments.create({ draftId: draftId(), sid: SECTIONS.two, body: `${mentionToken(f.people.b.id, "乙")} 请看` }),
    );
    expect(value).toEqual({ unread: (first as { unread: number }).unread + 1 });
    expect(ms).toBeLessThan(1000);
    await b.notifications.markAllRead();
    expect(await nextWithin(stream, 1000)).toEqual({ unread: 0 });
    await stream.return?.(undefined);
  });
});

describe("comments.onChange over HTTP (Server-Sent Events)", () => {
  let server: Server;
  let base = "";
  const sessions = new Map<string, SessionUser>();

  beforeAll(async () => {
    // The tRPC fetch handler as app/api/trpc/[trpc]/route.ts calls it; the session comes from
    // a test header instead of next-auth's cookie (the route itself needs Next's request scope).
    server = createServer(async (req: IncomingMessage, res) => {
      const url = `http://${req.headers.host}${req.url}`;
      const controller = new AbortController();
      res.on("close", () => controller.abort());
      const request = new Request(url, { method: req.method, headers: req.headers as Record<string, string>, signal: controller.signal });
      const user = sessions.get(String(req.headers["x-test-session"])) ?? null;
      const response = await fetchRequestHandler({
        endpoint: "/api/trpc",
        req: request,
        router: appRouter,
        createContext: () => createContext({ user, headers: request.headers, meta: {} }),
      });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (!response.body) return void res.end();
      const reader = response.body.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) res.write(chunk.value);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sessions.set("b", await sessionFor(db, f.people.b.id));
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it("streams text/event-stream, unbuffered: the reply's event arrives within 1 s", async () => {
    const { threadId } = await a.comments.create({ draftId: draftId(), sid: SECTIONS.one, body: "HTTP 实时测试" });
    const controller = new AbortController();
    const input = encodeURIComponent(JSON.stringify(superjson.serialize({ draftId: draftId() })));
    const res = await fetch(`${base}/api/trpc/comments.onChange?input=${input}`, {
      headers: { accept: "text/event-stream", "x-test-session": "b" },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expect(res.headers.get("cache-control")).toContain("no-transform"); // compression and proxies leave it alone
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    const until = async (needle: string, ms: number) => {
      const deadline = performance.now() + ms;
      while (!text.includes(needle)) {
        const left = deadline - performance.now();
        if (left <= 0) return false;
        const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), left))]);
        if (!chunk || chunk.done) return text.includes(needle);
        text += chunk.value;
      }
      return true;
    };
    expect(await until('"threadId":null', 2000)).toBe(true);
    const started = performance.now();
    await a.comments.reply({ draftId: draftId(), threadId, body: "通过 HTTP 看到" });
    expect(await until(`"threadId":"${threadId}"`, 1000)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
    // The event carries the id only: not the reply's text.
    expect(text).not.toContain("通过 HTTP 看到");
    controller.abort();
  });

  it("answers an outsider's subscription with NOT_FOUND, not a stream of the draft", async () => {
    sessions.set("outsider", await sessionFor(db, f.people.outsider.id));
    const input = encodeURIComponent(JSON.stringify(superjson.serialize({ draftId: draftId() })));
    const controller = new AbortController();
    const res = await fetch(`${base}/api/trpc/comments.onChange?input=${input}`, {
      headers: { accept: "text/event-stream", "x-test-session": "outsider" },
      signal: controller.signal,
    });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    const deadline = performance.now() + 2000;
    while (!text.includes("NOT_FOUND") && performance.now() < deadline) {
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), 200))]);
      if (chunk?.done) break;
      if (chunk) text += chunk.value;
    }
    controller.abort();
    expect(text).toContain("NOT_FOUND");
    expect(text).not.toContain('"threadId"');
  });
});

describe.skipIf(!process.env.REDIS_URL)("between two instances through Redis", () => {
  it("a reply made on one instance reaches a subscriber of another within 1 s", async () => {
    const other = createEventBus({ redisUrl: process.env.REDIS_URL });
    try {
      // Wait until the second instance's subscriber connection is listening.
      await new Promise((r) => setTimeout(r, 300));
      const { threadId } = await a.comments.create({ draftId: draftId(), sid: SECTIONS.one, body: "跨实例" });
      const stream = commentChanges({ db, actor: await sessionFor(db, f.people.b.id), draftId: draftId(), bus: other });
      expect(await nextWithin(stream, 1000)).toEqual({ threadId: null });
      const { value, ms } = await timed(stream, () => a.comments.reply({ draftId: draftId(), threadId, body: "另一实例上的回复" }));
      expect(value).toEqual({ threadId });
      expect(ms).toBeLessThan(1000);
      await stream.return(undefined);
    } finally {
      await other.close();
    }
  });
});
