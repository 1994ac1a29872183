import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { env } from "../env";

// One PrismaClient per process. The custom server (tsx) and Next's server bundle load this
// module separately, so the instance lives on globalThis to share one pool.

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const globalForDb = globalThis as unknown as { __xieshenDb?: PrismaClient };

export function createDb(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
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
  await globalForDb.__xieshenDb?.$disconnect();
  globalForDb.__xieshenDb = undefined;
}

/** Lazy proxy so modules can `import { db }` before server/main.ts has set DATABASE_URL. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_t, prop) {
    const real = getDb() as unknown as Record<PropertyKey, unknown>;
    const v = real[prop];
    return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(real) : v;
  },
});
