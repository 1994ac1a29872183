import { Redis } from "ioredis";
import { env } from "./env";

// Redis carries messages and counters only; PostgreSQL is the truth. One connection for
// commands per process (subscribers need their own, see createRedis).

const g = globalThis as unknown as { __xieshenRedis?: Redis | null };

export function createRedis(url: string, name: string): Redis {
  // enableReadyCheck: false — a connection that turns subscriber cannot answer INFO.
  return new Redis(url, { connectionName: `xieshen:${name}`, enableReadyCheck: false, maxRetriesPerRequest: 3 });
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
