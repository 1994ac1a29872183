// The portal's database for command-line tools run beside it (audit:verify, draft:import):
// DATABASE_URL when set; otherwise the embedded PostgreSQL under DATA_DIR — the running
// portal's server when it holds the folder (read from postmaster.pid), else started here
// (with pending migrations applied, like server/main.ts) and stopped afterwards.
import { existsSync } from "node:fs";
import path from "node:path";
import { env, resetEnvCache } from "../../server/env";
import { DataFolderBusyError, runningEmbeddedUrl, startEmbeddedPostgres, type EmbeddedDatabase } from "../../server/db/embedded";
import { applyMigrations } from "../../server/db/migrate";
import { disconnectDb, getDb, type Db } from "../../server/db/client";
import { flushAuditCheckpoint } from "../../server/services/audit/checkpoint";

export class NoPortalDatabaseError extends Error {}

export async function withPortalDatabase<T>(fn: (db: Db) => Promise<T>, o: { mustExist?: boolean } = {}): Promise<T> {
  if (!env().DATABASE_URL && existsSync(".env")) {
    process.loadEnvFile(".env");
    resetEnvCache();
  }
  let embedded: EmbeddedDatabase | null = null;
  if (!env().DATABASE_URL) {
    const dataDir = path.resolve(env().DATA_DIR);
    if (o.mustExist && !existsSync(path.join(dataDir, "postgres", "PG_VERSION"))) {
      throw new NoPortalDatabaseError(
        `${dataDir} 中没有数据库；请先运行 npm start，或设置 DATABASE_URL。\nNo database in ${dataDir}: start the portal once (npm start) or set DATABASE_URL.`,
      );
    }
    const running = runningEmbeddedUrl(dataDir);
    if (!running) {
      try {
        embedded = await startEmbeddedPostgres({ dataDir });
      } catch (e) {
        if (e instanceof DataFolderBusyError) {
          throw new NoPortalDatabaseError(`${e.message}\n请停止门户后重试，或设置 DATABASE_URL。 / Stop the portal and retry, or run with DATABASE_URL.`);
        }
        throw e;
      }
      await applyMigrations(embedded.url);
    }
    process.env.DATABASE_URL = running ?? embedded!.url;
    resetEnvCache();
  }
  try {
    return await fn(getDb());
  } finally {
    await flushAuditCheckpoint();
    await disconnectDb().catch(() => {});
    await embedded?.stop().catch(() => {});
  }
}
