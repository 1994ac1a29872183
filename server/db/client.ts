import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client";
import { env } from "../env";

// One PrismaClient per process. The custom server (tsx) and Next's server bundle load this
// module separately, so the instance lives on globalThis to share one pool.

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const globalForDb = globalThis as unknown as { __xieshenDb?: PrismaClient; __xieshenLogDb?: PrismaClient };

const pools = new WeakMap<PrismaClient, pg.Pool>();

export function createDb(url: string, o: { max?: number } = {}): PrismaClient {
  // The pool is ours (the adapter ends it with the client), so the few hot statements that
  // Prisma would only pass through can use it directly: see poolOf.
  const pool = new pg.Pool({ connectionString: url, max: o.max ?? 10 });
  // An idle connection that dies (PostgreSQL restarted) is an 'error' event on the pool: without
  // a listener it would end the process. The pool replaces it on the next query.
  pool.on("error", (e) => console.warn(`[db] idle connection lost: ${e.message}`));
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(client, pool);
  return client;
}

/**
 * The pg pool under a client made by createDb. For the draft log's group commit: one
 * multi-row INSERT per batch, hundreds a second under load, where Prisma's raw-query path
 * costs ~390–550 µs of CPU per statement and pg's ~180–200 µs (`bench/log-insert.ts`, 8-row
 * inserts). Everything else goes through Prisma.
 */
export function poolOf(db: PrismaClient): pg.Pool | undefined {
  return pools.get(db);
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
  const clients = [globalForDb.__xieshenDb, globalForDb.__xieshenLogDb].filter((c): c is PrismaClient => !!c);
  await Promise.all(clients.map((c) => c.$disconnect()));
  // A pool Prisma never connected (the log's, used only through poolOf) is not ended by it.
  await Promise.all(clients.map((c) => poolOf(c)).map((p) => (p && !p.ending ? p.end() : undefined)));
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
