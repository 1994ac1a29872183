import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTestDatabase, useTestDatabase } from "@/server/test/db";
import { makeUser, uniqueName } from "@/server/test/factories";
import type { Db } from "@/server/db/client";
import { setUserDisabled, updateUser } from "@/server/services/users/users";
import { createCommittee } from "@/server/services/committees/committees";
import { recordAuditEvent } from "./record-audit-event";
import { verifyAuditChain } from "./verify-audit-chain";
import { auditHash, GENESIS_HASH } from "./hash";

let db: Db;
beforeAll(() => {
  db = useTestDatabase();
});
afterAll(closeTestDatabase);

/** The database is shared by the run's files: tampering is undone before the test ends. */
async function withTampering<T>(id: bigint, tamper: () => Promise<unknown>, check: () => Promise<T>): Promise<T> {
  const [saved] = await db.$queryRaw<{ row: unknown }[]>`SELECT to_jsonb(e) AS row FROM "AuditEvent" e WHERE id = ${id}`;
  await tamper();
  try {
    return await check();
  } finally {
    await db.$executeRaw`DELETE FROM "AuditEvent" WHERE id = ${id}`;
    await db.$executeRaw`INSERT INTO "AuditEvent" SELECT * FROM jsonb_populate_record(NULL::"AuditEvent", ${JSON.stringify(saved!.row)}::jsonb)`;
  }
}

describe("audit hash chain", () => {
  it("chains the events services write, each to the one before", async () => {
    const admin = await makeUser(db, { role: "ADMIN" });
    const member = await makeUser(db);
    const ctx = { db, actorId: admin.id, meta: { ip: "192.0.2.7", userAgent: "vitest" } };
    await updateUser(ctx, { userId: member.id, title: "经济委员会委员" });
    await setUserDisabled({ ...ctx, userId: member.id, disabled: true });
    await createCommittee(ctx, { name: `测试委员会${uniqueName()}`, description: "" });

    const events = await db.auditEvent.findMany({ where: { actorId: admin.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["user.updated", "user.disabled", "committee.created"]);
    expect(events[0]).toMatchObject({ ip: "192.0.2.7", userAgent: "vitest", targetType: "User", targetId: member.id });
    for (const e of events) {
      const before = await db.auditEvent.findFirst({ where: { id: { lt: e.id } }, orderBy: { id: "desc" } });
      expect(e.prevHash).toBe(before?.hash ?? GENESIS_HASH);
      expect(e.hash).toBe(auditHash(e.prevHash, e));
    }
    const result = await verifyAuditChain({ db });
    expect(result.ok).toBe(true);
    expect(result.count).toBe(await db.auditEvent.count());
  });

  it("stays one chain when many transactions write at once", async () => {
    const before = await db.auditEvent.count();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.$transaction((tx) => recordAuditEvent({ tx, actorId: null, type: "committee.updated", data: { i, 键: "值" } })),
      ),
    );
    expect(await db.auditEvent.count()).toBe(before + 12);
    // Small batches exercise the paging of the verifier too.
    expect(await verifyAuditChain({ db, batchSize: 5 })).toEqual({ ok: true, count: before + 12 });
  });

  it("names an altered event with reason hash", async () => {
    const user = await makeUser(db);
    const ev = await db.auditEvent.findFirstOrThrow({ where: { type: "user.created", targetId: user.id } });
    await withTampering(
      ev.id,
      () => db.$executeRaw`UPDATE "AuditEvent" SET data = jsonb_set(data, '{name}', '"篡改后的姓名"') WHERE id = ${ev.id}`,
      async () => {
        const r = await verifyAuditChain({ db });
        expect(r).toMatchObject({ ok: false, broken: { id: ev.id, type: "user.created", reason: "hash" } });
      },
    );
    expect((await verifyAuditChain({ db })).ok).toBe(true);
  });

  it("notices a changed actor or time as well as changed data", async () => {
    const user = await makeUser(db);
    const ev = await db.auditEvent.findFirstOrThrow({ where: { type: "user.created", targetId: user.id } });
    await withTampering(
      ev.id,
      () => db.$executeRaw`UPDATE "AuditEvent" SET "createdAt" = "createdAt" - interval '1 day' WHERE id = ${ev.id}`,
      async () => expect(await verifyAuditChain({ db })).toMatchObject({ ok: false, broken: { id: ev.id, reason: "hash" } }),
    );
  });

  it("names the event after a deleted one with reason link", async () => {
    const a = await makeUser(db);
    const b = await makeUser(db);
    const first = await db.auditEvent.findFirstOrThrow({ where: { type: "user.created", targetId: a.id } });
    const next = await db.auditEvent.findFirstOrThrow({ where: { id: { gt: first.id } }, orderBy: { id: "asc" } });
    expect(next.targetId).toBe(b.id);
    await withTampering(
      first.id,
      () => db.$executeRaw`DELETE FROM "AuditEvent" WHERE id = ${first.id}`,
      async () => {
        const r = await verifyAuditChain({ db });
        expect(r).toMatchObject({ ok: false, broken: { id: next.id, type: "user.created", reason: "link" } });
      },
    );
    expect((await verifyAuditChain({ db })).ok).toBe(true);
  });
});
