import { inject } from "vitest";
import { resetEnvCache } from "../env";
import { disconnectDb, getDb, type Db } from "../db/client";
import { flushAuditCheckpoint } from "../services/audit/checkpoint";

// For integration test files: points the portal's own configuration at this run's database
// (made by server/test/global-setup.ts) before anything reads it, then hands out the same
// PrismaClient the services use.

let ready = false;

export function useTestDatabase(): Db {
  if (!ready) {
    const url = inject("databaseUrl");
    if (!url) throw new Error("no databaseUrl: run integration tests with `vitest run --project integration`");
    process.env.DATABASE_URL = url;
    process.env.DATA_DIR = inject("dataDir");
    resetEnvCache();
    ready = true;
  }
  return getDb();
}

export function testDatabaseUrl(): string {
  return inject("databaseUrl");
}

export async function closeTestDatabase() {
  await flushAuditCheckpoint();
  await disconnectDb();
}
