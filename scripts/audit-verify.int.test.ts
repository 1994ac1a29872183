import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTestDatabase, testDatabaseUrl, useTestDatabase } from "@/server/test/db";
import { makeUser } from "@/server/test/factories";
import type { Db } from "@/server/db/client";

// `npm run audit:verify` as a user runs it, against this run's database.

let db: Db;
beforeAll(() => {
  db = useTestDatabase();
});
afterAll(closeTestDatabase);

function verify() {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/audit-verify.ts"], {
    env: { ...process.env, DATABASE_URL: testDatabaseUrl(), REDIS_URL: "" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe("npm run audit:verify", () => {
  it("exits 0 and counts the events when the chain is intact", async () => {
    await makeUser(db);
    const count = await db.auditEvent.count();
    const r = verify();
    expect(r.out).toContain(`审计链完整 / audit chain intact: ${count} events`);
    expect(r.status).toBe(0);
  });

  it("exits 1 and names the first altered event", async () => {
    const u = await makeUser(db);
    const ev = await db.auditEvent.findFirstOrThrow({ where: { targetId: u.id, type: "user.created" } });
    const original = await db.$queryRaw<{ data: string }[]>`SELECT data::text AS data FROM "AuditEvent" WHERE id = ${ev.id}`;
    await db.$executeRaw`UPDATE "AuditEvent" SET data = '{"name":"改"}'::jsonb WHERE id = ${ev.id}`;
    try {
      const r = verify();
      expect(r.status).toBe(1);
      expect(r.out).toContain(`event ${ev.id} (user.created): hash`);
    } finally {
      await db.$executeRaw`UPDATE "AuditEvent" SET data = ${original[0]!.data}::jsonb WHERE id = ${ev.id}`;
    }
    expect(verify().status).toBe(0);
  });
});
