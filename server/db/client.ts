import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { env } from "../env";

// One PrismaClient per process. The custom server (tsx) and Next's server bundle load this
// module separately, so the instance lives on globalThis to share one pool.

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const globalForDb = globalThis as unknown as { __xieshenDb?: PrismaClient; __xieshenLogDb?: PrismaClient };

export function createDb(url: string, o: { max?: number } = {}): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: o.max ?? 10 }) });
}

/**
 * The draft log's own connections (the collab server's group commit, doc-store-group-commit.ts,
 * which has at most 4 statements in flight): a keystroke's commit never waits for a
 * connection behind page requests, settle-time writes or access rechecks on the shared pool.
 */
export function getLogDb(): PrismaClient {
  if (!globalForDb.__xieshenLogDb) {
    const url = env().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the portal through server/main.ts");
    globalForDb.__xieshenLogDb = createDb(url, { max: 4 });
  }
  return globalForDb.__xieshenLogDb;
}

export function getDb(): PrismaClient {
  if (!globalForDb.__xieshenDb) {
    const url = env().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the portal through server/main.ts");
    globalForDb.__xieshenDb = createDb(url);
  }
  return globalForDb.__xieshenDb;
}

export async function disconnectDb() {
  await Promise.all([globalForDb.__xieshenDb?.$disconnect(), globalForDb.__xieshenLogDb?.$disconnect()]);
  globalForDb.__xieshenDb = undefined;
  globalForDb.__xieshenLogDb = undefined;
}

/** Lazy proxy so modules can `import { db }` before server/main.ts has set DATABASE_URL. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_t, prop) {
    const real = getDb() as unknown as Record<PropertyKey, unknown>;
    const v = real[prop];
    return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(real) : v;
  },
});
