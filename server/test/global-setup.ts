import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../db/embedded";
import { applyMigrations } from "../db/migrate";

// Integration tests run against a real PostgreSQL, in a database made for this run:
// - DATABASE_URL set: a new database `xieshen_test_<random>` on that server, dropped after;
// - else: an embedded PostgreSQL in a temporary folder, removed after.
// Migrations are applied first, exactly as the portal applies them at start. Test files
// read the URL with `inject("databaseUrl")` (server/test/db.ts).

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    /** DATA_DIR for the run: the audit key and checkpoint belong to this run's database. */
    dataDir: string;
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(serverUrl: string, sql: string) {
  // The maintenance database, whatever database the given URL names.
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject) {
  const database = `xieshen_test_${randomBytes(6).toString("hex")}`;
  const external = process.env.DATABASE_URL;
  let embedded: EmbeddedDatabase | null = null;
  let tempDir: string | null = null;
  const dataDir = mkdtempSync(path.join(tmpdir(), "xieshen-test-data-"));
  let url: string;

  if (external) {
    await adminQuery(external, `CREATE DATABASE "${database}"`);
    url = withDatabase(external, database);
  } else {
    tempDir = mkdtempSync(path.join(tmpdir(), "xieshen-test-"));
    // Embedded PostgreSQL runs as the `postgres` user when we are root: let it reach the folder.
    chmodSync(tempDir, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir: tempDir, database });
    url = embedded.url;
  }

  try {
    await applyMigrations(url);
  } catch (e) {
    await teardown();
    throw e;
  }
  project.provide("databaseUrl", url);
  project.provide("dataDir", dataDir);
  console.log(`[integration] database ${database} on ${external ? "DATABASE_URL's server" : "embedded PostgreSQL"}`);

  async function teardown() {
    if (external) {
      await adminQuery(external, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch((e) =>
        console.error(`[integration] could not drop ${database}:`, (e as Error).message),
      );
    }
    if (embedded) await embedded.stop().catch((e) => console.error("[integration] embedded stop:", e));
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
  return teardown;
}
