import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript } from "@/server/test/run-script";
import { closeTestDatabase, testDatabaseUrl, useTestDatabase } from "@/server/test/db";
import { makeUser, uniqueName } from "@/server/test/factories";
import { asSuperuser, rewriteAndRehash, saveEventsFrom } from "@/server/test/audit-tamper";
import { flushAuditCheckpoint } from "@/server/services/audit/checkpoint";
import { applyMigrations, MIGRATIONS_DIR } from "@/server/db/migrate";
import { auditHash, GENESIS_HASH } from "@/server/services/audit/hash";
import type { Db } from "@/server/db/client";

// `npm run audit:verify` as a user runs it, against this run's database and its data folder
// (the audit key and the checkpoint), or against a database made here.

let db: Db;
const cleanups: (() => Promise<void> | void)[] = [];
beforeAll(() => {
  db = useTestDatabase();
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await closeTestDatabase();
});

function run(args: string[] = [], env: Record<string, string> = {}) {
  return runScript("scripts/audit-verify.ts", args, { ...process.env, DATABASE_URL: testDatabaseUrl(), REDIS_URL: "", ...env }, 120_000);
}
const verify = run;

/** Every event this process wrote is in the checkpoint (the portal does this after each commit). */
async function settled() {
  await flushAuditCheckpoint();
}

// Each test starts the command two or three times (a few seconds each, more on a busy machine).
const SLOW = { timeout: 240_000 };

describe("npm run audit:verify", SLOW, () => {
  it("exits 0 and counts the events when the chain is intact, printing the checkpoint", async () => {
    await makeUser(db);
    await settled();
    const count = await db.auditEvent.count();
    const last = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
    const r = await verify();
    expect(r.out).toContain(`审计链完整 / audit chain intact: ${count} events`);
    expect(r.out).toContain(`检查点 / checkpoint: 第 ${last.id} 条，共 ${count} 条`);
    expect(r.status).toBe(0);
  });

  it("exits 1 and names the first altered event", async () => {
    const u = await makeUser(db);
    await settled();
    const ev = await db.auditEvent.findFirstOrThrow({ where: { targetId: u.id, type: "user.created" } });
    const restore = await saveEventsFrom(db, ev.id);
    await asSuperuser(db, (tx) => tx.$executeRaw`UPDATE "AuditEvent" SET data = '{"name":"改"}'::jsonb WHERE id = ${ev.id}`);
    try {
      const r = await verify();
      expect(r.status).toBe(1);
      expect(r.out).toContain(`event ${ev.id} (user.created): hash`);
    } finally {
      await restore();
    }
    expect((await verify()).status).toBe(0);
  });

  it("exits 1 when the newest events were deleted by someone who switched the trigger off: chain shorter than checkpoint", async () => {
    for (let i = 0; i < 3; i++) await makeUser(db);
    await settled();
    const count = await db.auditEvent.count();
    const newest = await db.auditEvent.findMany({ orderBy: { id: "desc" }, take: 3 });
    const restore = await saveEventsFrom(db, newest[2]!.id);
    await asSuperuser(db, (tx) => tx.$executeRaw`DELETE FROM "AuditEvent" WHERE id >= ${newest[2]!.id}`);
    try {
      const r = await verify();
      expect(r.out).toContain(`审计链比检查点短`);
      expect(r.out).toContain(`chain shorter than checkpoint ${count}: ${count - 3} events`);
      expect(r.status).toBe(1);
    } finally {
      await restore();
    }
    expect((await verify()).status).toBe(0);
  });

  it.each([
    ["plain SHA-256", { hash: "sha256" as const }],
    ["a key that is not the portal's", { hash: "hmac" as const, key: "not-the-portal-key-but-long-enough-0123456789" }],
  ])("exits 1 naming the event when one was rewritten and every later hash recomputed with %s", async (_, how) => {
    const u = await makeUser(db);
    await makeUser(db);
    await settled();
    const ev = await db.auditEvent.findFirstOrThrow({ where: { targetId: u.id, type: "user.created" } });
    const restore = await saveEventsFrom(db, ev.id);
    await rewriteAndRehash(db, ev.id, { name: "改过的姓名", username: u.username }, how);
    try {
      const r = await verify();
      expect(r.out).toContain(`audit chain BROKEN at event ${ev.id} (user.created)`);
      expect(r.status).toBe(1);
    } finally {
      await restore();
    }
    expect((await verify()).status).toBe(0);
  });

  it("exports the checkpoint, and verifies against the exported copy kept elsewhere", async () => {
    await makeUser(db);
    await settled();
    const exported = await run(["--export-checkpoint"]);
    expect(exported.status).toBe(0);
    const c = JSON.parse(exported.stdout) as { lastId: string; count: number; mac: string };
    expect(c.count).toBe(await db.auditEvent.count());
    const dir = mkdtempSync(path.join(tmpdir(), "xieshen-cp-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "checkpoint.json");
    writeFileSync(file, exported.stdout);

    const newest = await db.auditEvent.findFirstOrThrow({ where: { id: BigInt(c.lastId) } });
    const restore = await saveEventsFrom(db, newest.id);
    await asSuperuser(db, (tx) => tx.$executeRaw`DELETE FROM "AuditEvent" WHERE id >= ${newest.id}`);
    try {
      const r = await run(["--checkpoint", file]);
      expect(r.out).toContain(`chain shorter than checkpoint ${c.count}`);
      expect(r.status).toBe(1);
    } finally {
      await restore();
    }
    expect((await run(["--checkpoint", file])).status).toBe(0);
    writeFileSync(file, exported.stdout.replace(`"count": ${c.count}`, `"count": ${c.count - 1}`));
    const forged = await run(["--checkpoint", file]);
    expect(forged.out).toContain("检查点无效 / checkpoint invalid");
    expect(forged.status).toBe(1);
  });
});

describe("an installation upgraded from the unkeyed chain", SLOW, () => {
  it("verifies its pre-key events as before and the keyed ones after them", async () => {
    // A database at the migration before the keyed chain, with events written the old way.
    const server = new URL(testDatabaseUrl());
    const name = `xieshen_upgrade_${uniqueName()}`;
    const admin = new pg.Client({ connectionString: new URL(`/postgres`, server).toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(`/${name}`, server).toString();
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: new URL(`/postgres`, server).toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    });
    const oldMigrations = mkdtempSync(path.join(tmpdir(), "xieshen-migrations-"));
    const dataDir = mkdtempSync(path.join(tmpdir(), "xieshen-upgrade-data-"));
    cleanups.push(() => rmSync(oldMigrations, { recursive: true, force: true }));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    cpSync(MIGRATIONS_DIR, oldMigrations, {
      recursive: true,
      filter: (src) => !path.basename(src).endsWith("_audit_keyed_chain"),
    });
    await applyMigrations(url, oldMigrations);

    const c = new pg.Client({ connectionString: url });
    await c.connect();
    let prev = GENESIS_HASH;
    for (let i = 0; i < 3; i++) {
      const e = {
        actorId: null, type: "committee.updated", targetType: null, targetId: null,
        data: { i, 名称: "旧记录" }, ip: "192.0.2.1", userAgent: null, createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
      };
      const hash = auditHash(prev, e);
      await c.query(
        `INSERT INTO "AuditEvent" ("actorId", type, "targetType", "targetId", data, ip, "userAgent", "createdAt", "prevHash", hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [e.actorId, e.type, e.targetType, e.targetId, JSON.stringify(e.data), e.ip, e.userAgent, e.createdAt, prev, hash],
      );
      prev = hash;
    }
    await c.end();

    await applyMigrations(url);
    const env = { DATABASE_URL: url, DATA_DIR: dataDir, AUDIT_KEY: "" };
    const before = await run([], env);
    expect(before.out).toContain("audit chain intact: 3 events");
    expect(before.out).toContain("未找到检查点 / no checkpoint");
    expect(before.status).toBe(0);

    // The portal, started on it, writes keyed events (and its key and checkpoint) as a process would.
    const writer = spawnSync(
      process.execPath,
      [
        "--import", "tsx", "--input-type=module", "-e",
        `const { getDb, disconnectDb } = await import("./server/db/client.ts");
         const { recordAuditEvent } = await import("./server/services/audit/record-audit-event.ts");
         const { flushAuditCheckpoint } = await import("./server/services/audit/checkpoint.ts");
         for (const i of [1, 2]) await getDb().$transaction((tx) => recordAuditEvent({ tx, actorId: null, type: "committee.created", data: { i } }));
         await flushAuditCheckpoint();
         await disconnectDb();`,
      ],
      { env: { ...process.env, REDIS_URL: "", ...env }, encoding: "utf8", timeout: 120_000 },
    );
    expect(writer.stderr).toBe("");
    expect(writer.status).toBe(0);
    expect(readFileSync(path.join(dataDir, "audit-key"), "utf8").length).toBeGreaterThanOrEqual(32);

    const after = await run([], env);
    expect(after.out).toContain("audit chain intact: 5 events");
    expect(after.out).toContain("共 5 条");
    expect(after.status).toBe(0);

    // A pre-key event altered is still found, with the plain SHA-256 it was written with.
    const t = new pg.Client({ connectionString: url });
    await t.connect();
    await t.query(`BEGIN; SET LOCAL session_replication_role = replica;
      UPDATE "AuditEvent" SET data = '{"i":1,"名称":"改"}'::jsonb WHERE id = 2; COMMIT;`);
    await t.end();
    const altered = await run([], env);
    expect(altered.out).toContain("audit chain BROKEN at event 2 (committee.updated): hash");
    expect(altered.status).toBe(1);
  });
});
