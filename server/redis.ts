import { Redis } from "ioredis";
import { env } from "./env";

// Redis carries messages and counters only; PostgreSQL is the truth. One connection for
// commands per process (subscribers need their own, see createRedis).

const g = globalThis as unknown as { __xieshenRedis?: Redis | null };

export function createRedis(url: string, name: string): Redis {
  // enableReadyCheck: false — a connection that turns subscriber cannot answer INFO.
  const redis = new Redis(url, { connectionName: `xieshen:${name}`, enableReadyCheck: false, maxRetriesPerRequest: 3 });
  // ioredis reconnects by itself; without a listener it prints every failed attempt as an
  // "unhandled error event". Say it once per outage, and when it is over.
  let down = false;
  redis.on("error", (e: Error) => {
    if (down) return;
    down = true;
    console.error(`Redis (${name}) unreachable, retrying: ${e.message}`);
  });
  redis.on("ready", () => {
    if (!down) return;
    down = false;
    console.error(`Redis (${name}) reachable again`);
  });
  return redis;
}

export function getRedis(): Redis | null {
  if (g.__xieshenRedis === undefined) {
    const url = env().REDIS_URL;
    g.__xieshenRedis = url ? createRedis(url, "commands") : null;
  }
  return g.__xieshenRedis;
}

export async function closeRedis() {
  await g.__xieshenRedis?.quit().catch(() => {});
  g.__xieshenRedis = undefined;
}
