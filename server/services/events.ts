import { EventEmitter } from "node:events";
import type { Redis } from "ioredis";
import { env } from "../env";
import { createRedis, getRedis } from "../redis";

// App events after commit. In one process an EventEmitter; with REDIS_URL they also go
// through Redis pub/sub so every instance hears them. Events are hints to re-read the
// database (which is the truth), never the data itself.

export type AppEvent =
  /** Someone's access to a draft (or to everything, without draftId) may have changed. */
  | { type: "access.changed"; draftId?: string; userId?: string }
  /** A comment thread of the draft changed (created, replied, edited, deleted, resolved, disposition); no content. */
  | { type: "comments.changed"; draftId: string; threadId?: string }
  /** A person's notifications changed (new, read). */
  | { type: "notifications.changed"; userId: string };

const CHANNEL = "xieshen:events";

export interface EventBus {
  publish(event: AppEvent): Promise<void>;
  subscribe(listener: (e: AppEvent) => void): () => void;
  close(): Promise<void>;
}

/**
 * One bus: local listeners, plus Redis pub/sub when `redisUrl` is given (a subscriber
 * connection of its own; `publisher` defaults to a new connection). A bus ignores its own
 * messages coming back from Redis, so local listeners hear each event once.
 */
export function createEventBus(o: { redisUrl?: string; publisher?: Redis | null } = {}): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0); // one listener per open subscription (SSE); bounded by connections
  const origin = Math.random().toString(36).slice(2);
  let sub: Redis | null = null;
  let ownPublisher: Redis | null = null;
  let publisher: Redis | null = o.publisher ?? null;
  if (o.redisUrl) {
    sub = createRedis(o.redisUrl, "events");
    // Subscribe again whenever the connection is ready: ioredis resubscribes after a reconnect
    // only to channels it had subscribed, so a SUBSCRIBE that failed while Redis was down
    // (at start) would never be repeated. A failure is not thrown: Redis is down, and
    // createRedis has said so.
    const listen = (r: Redis) => void r.subscribe(CHANNEL).catch(() => {});
    listen(sub);
    sub.on("ready", () => sub && listen(sub));
    sub.on("message", (_c, raw: string) => {
      try {
        const msg = JSON.parse(raw) as { origin: string; event: AppEvent };
        if (msg.origin !== origin && msg.event && typeof msg.event.type === "string") emitter.emit("event", msg.event);
      } catch {
        /* a malformed message from outside is ignored */
      }
    });
    if (!publisher) publisher = ownPublisher = createRedis(o.redisUrl, "events-publish");
  }
  return {
    async publish(event) {
      emitter.emit("event", event);
      await publisher?.publish(CHANNEL, JSON.stringify({ origin, event })).catch(() => {});
    },
    subscribe(listener) {
      emitter.on("event", listener);
      return () => emitter.off("event", listener);
    },
    async close() {
      emitter.removeAllListeners();
      await sub?.quit().catch(() => {});
      await ownPublisher?.quit().catch(() => {});
    },
  };
}

const g = globalThis as unknown as { __xieshenEvents?: EventBus };

function bus(): EventBus {
  if (!g.__xieshenEvents) {
    const url = env().REDIS_URL;
    g.__xieshenEvents = createEventBus({ redisUrl: url, publisher: url ? getRedis() : null });
  }
  return g.__xieshenEvents;
}

export const publish = (event: AppEvent) => bus().publish(event);
export const subscribe = (listener: (e: AppEvent) => void): (() => void) => bus().subscribe(listener);

export const publishAccessChanged = (e: { draftId?: string; userId?: string }) => publish({ type: "access.changed", ...e });
export const publishCommentsChanged = (e: { draftId: string; threadId?: string }) => publish({ type: "comments.changed", ...e });
export const publishNotificationsChanged = (userIds: Iterable<string>) =>
  Promise.all([...new Set(userIds)].map((userId) => publish({ type: "notifications.changed", userId }))).then(() => {});

/**
 * The events `accept` picks, as an async iterator for subscriptions (tRPC SSE). It listens
 * from the moment it is created (so nothing is missed between a first answer and the first
 * `next()`), and stops when `signal` aborts or `return()` is called. Events that arrive faster
 * than the consumer reads are queued (at most `maxQueue`; past that the oldest go: every event
 * means "re-read", so the newest one still says so).
 */
export function eventStream<E extends AppEvent>(o: {
  accept: (e: AppEvent) => e is E;
  signal?: AbortSignal;
  maxQueue?: number;
  bus?: EventBus;
}): AsyncIterableIterator<E> {
  const maxQueue = o.maxQueue ?? 100;
  const queue: E[] = [];
  let wake: (() => void) | null = null;
  let closed = false;
  const unsubscribe = (o.bus ?? bus()).subscribe((e) => {
    if (closed || !o.accept(e)) return;
    queue.push(e);
    if (queue.length > maxQueue) queue.shift();
    wake?.();
  });
  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    o.signal?.removeEventListener("abort", close);
    wake?.();
  };
  o.signal?.addEventListener("abort", close, { once: true });
  if (o.signal?.aborted) close();
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next(): Promise<IteratorResult<E>> {
      while (!closed) {
        const e = queue.shift();
        if (e) return { value: e, done: false };
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
      return { value: undefined, done: true };
    },
    async return(): Promise<IteratorResult<E>> {
      close();
      return { value: undefined, done: true };
    },
  };
}

export async function closeEvents() {
  await g.__xieshenEvents?.close();
  g.__xieshenEvents = undefined;
}
