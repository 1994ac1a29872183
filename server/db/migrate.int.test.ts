import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "@/server/test/db";
import { uniqueName } from "@/server/test/factories";
import { applyMigrations, MigrationError, MIGRATIONS_DIR, readMigrations } from "./migrate";

// Runs against this run's database and against fresh databases made on the same server.

const made: string[] = [];
const tmpDirs: string[] = [];

function urlFor(database: string) {
  const u = new URL(testDatabaseUrl());
  u.pathname = `/${database}`;
  return u.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

async function freshDatabase(): Promise<string> {
  const name = `xieshen_mig_${uniqueName()}`;
  await query(urlFor("postgres"), `CREATE DATABASE "${name}"`);
  made.push(name);
  return urlFor(name);
}

function copyOfMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "xieshen-migrations-"));
  tmpDirs.push(dir);
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

afterAll(async () => {
  for (const name of made) await query(urlFor("postgres"), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

describe("migrations", () => {
  it("recorded every committed migration in _prisma_migrations with its SHA-256", async () => {
    const files = readMigrations();
    expect(files.length).toBeGreaterThan(0);
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      testDatabaseUrl(),
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, f] of files.entries()) {
      expect(rows[i]!.checksum).toBe(createHash("sha256").update(f.sql).digest("hex"));
      expect(rows[i]!.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[i]!.finished_at).toBeInstanceOf(Date);
      expect(rows[i]!.applied_steps_count).toBe(1);
    }
  });

  it("applies nothing the second time", async () => {
    expect(await applyMigrations(testDatabaseUrl())).toEqual([]);
  });

  it("applies everything once to a fresh database, even when two instances start together", async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([applyMigrations(url), applyMigrations(url)]);
    const all = readMigrations().map((m) => m.name);
    expect([...a, ...b].sort()).toEqual(all);
    expect(await applyMigrations(url)).toEqual([]);
    const tables = await query<{ table_name: string }>(
      url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(["User", "Committee", "Membership", "AuditEvent", "RateLimiterFlexible", "_prisma_migrations"]),
    );
  });

  it("runs a migration with a $$ function body, and refuses a changed applied migration", async () => {
    const url = await freshDatabase();
    const dir = copyOfMigrations();
    const name = "99990101000000_trigger_test";
    mkdirSync(path.join(dir, name));
    writeFileSync(
      path.join(dir, name, "migration.sql"),
      `CREATE FUNCTION xieshen_noop() RETURNS trigger AS $$
BEGIN
  RETURN NEW; -- a ; inside the body
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER committee_noop BEFORE UPDATE ON "Committee" FOR EACH ROW EXECUTE FUNCTION xieshen_noop();
`,
    );
    expect(await applyMigrations(url, dir)).toContain(name);
    expect(await query(url, `SELECT 1 FROM pg_trigger WHERE tgname = 'committee_noop'`)).toHaveLength(1);

    appendFileSync(path.join(dir, name, "migration.sql"), "-- edited after it was applied\n");
    await expect(applyMigrations(url, dir)).rejects.toThrow(MigrationError);
    await expect(applyMigrations(url, dir)).rejects.toThrow(/has changed/);
  });

  it("rolls a failing migration back whole and says which one failed", async () => {
    const url = await freshDatabase();
    const dir = copyOfMigrations();
    const name = "99990101000000_broken";
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, "migration.sql"), `CREATE TABLE "Half" (id int);\nSELECT * FROM "NoSuchTable";\n`);
    await expect(applyMigrations(url, dir)).rejects.toThrow(new RegExp(name));
    expect(await query(url, `SELECT 1 FROM information_schema.tables WHERE table_name = 'Half'`)).toHaveLength(0);
    const rows = await query<{ migration_name: string }>(url, `SELECT migration_name FROM "_prisma_migrations"`);
    expect(rows.map((r) => r.migration_name)).not.toContain(name);
  });
});
