import { EventEmitter } from "node:events";
import type { Redis } from "ioredis";
import { env } from "../env";
import { createRedis, getRedis } from "../redis";

// App events after commit. In one process an EventEmitter; with REDIS_URL they also go
// through Redis pub/sub so every instance hears them. Events are hints to re-read the
// database (which is the truth), never the data itself.

export type AppEvent =
  /** Someone's access to a draft (or to everything, without draftId) may have changed. */
  { type: "access.changed"; draftId?: string; userId?: string };

const CHANNEL = "xieshen:events";
const g = globalThis as unknown as { __xieshenEvents?: { emitter: EventEmitter; sub: Redis | null; origin: string } };

function bus() {
  if (!g.__xieshenEvents) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(100);
    const origin = Math.random().toString(36).slice(2);
    let sub: Redis | null = null;
    const url = env().REDIS_URL;
    if (url) {
      sub = createRedis(url, "events");
      void sub.subscribe(CHANNEL);
      sub.on("message", (_c, raw: string) => {
        try {
          const msg = JSON.parse(raw) as { origin: string; event: AppEvent };
          if (msg.origin !== origin) emitter.emit("event", msg.event);
        } catch {
          /* a malformed message from outside is ignored */
        }
      });
    }
    g.__xieshenEvents = { emitter, sub, origin };
  }
  return g.__xieshenEvents;
}

export async function publish(event: AppEvent) {
  const b = bus();
  b.emitter.emit("event", event);
  await getRedis()?.publish(CHANNEL, JSON.stringify({ origin: b.origin, event })).catch(() => {});
}

export function subscribe(listener: (e: AppEvent) => void): () => void {
  const b = bus();
  b.emitter.on("event", listener);
  return () => b.emitter.off("event", listener);
}

export const publishAccessChanged = (e: { draftId?: string; userId?: string }) => publish({ type: "access.changed", ...e });

export async function closeEvents() {
  await g.__xieshenEvents?.sub?.quit().catch(() => {});
  g.__xieshenEvents = undefined;
}
