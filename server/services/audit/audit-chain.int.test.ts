import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTestDatabase, useTestDatabase } from "@/server/test/db";
import { makeUser, sessionFor, uniqueName } from "@/server/test/factories";
import { asSuperuser, rewriteAndRehash, saveEventsFrom } from "@/server/test/audit-tamper";
import type { Db } from "@/server/db/client";
import { setUserDisabled, updateUser } from "@/server/services/users/users";
import { createCommittee } from "@/server/services/committees/committees";
import { recordAuditEvent } from "./record-audit-event";
import { verifyAuditChain } from "./verify-audit-chain";
import { auditHmac, GENESIS_HASH, HASH_HMAC } from "./hash";
import { auditKeyForChecking } from "./key";
import { advanceAuditCheckpoint, checkpointFile, flushAuditCheckpoint, readCheckpoint, type Checkpoint } from "./checkpoint";

let db: Db;
beforeAll(() => {
  db = useTestDatabase();
});
afterAll(closeTestDatabase);

/** The database is shared by the run's files: tampering is undone before the test ends. */
async function withTampering<T>(fromId: bigint, tamper: () => Promise<unknown>, check: () => Promise<T>): Promise<T> {
  const restore = await saveEventsFrom(db, fromId);
  await tamper();
  try {
    return await check();
  } finally {
    await restore();
  }
}

const key = () => auditKeyForChecking()!;
const newest = () => db.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });

function checkpointOnDisk(): Checkpoint {
  const s = readCheckpoint(checkpointFile(), key());
  if (s.state !== "ok") throw new Error(`checkpoint ${s.state}`);
  return s.checkpoint;
}

describe("audit hash chain", () => {
  it("chains the events services write, each to the one before, keyed with the audit key", async () => {
    const admin = await makeUser(db, { role: "ADMIN" });
    const member = await makeUser(db);
    const ctx = { db, actor: await sessionFor(db, admin.id), meta: { ip: "192.0.2.7", userAgent: "vitest" } };
    await updateUser({ ...ctx, userId: member.id, title: "经济委员会委员" });
    await setUserDisabled({ ...ctx, userId: member.id, disabled: true });
    await createCommittee({ ...ctx, name: `测试委员会${uniqueName()}`, description: "" });

    const events = await db.auditEvent.findMany({ where: { actorId: admin.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["user.updated", "user.disabled", "committee.created"]);
    expect(events[0]).toMatchObject({ ip: "192.0.2.7", userAgent: "vitest", targetType: "User", targetId: member.id });
    for (const e of events) {
      const before = await db.auditEvent.findFirst({ where: { id: { lt: e.id } }, orderBy: { id: "desc" } });
      expect(e.prevHash).toBe(before?.hash ?? GENESIS_HASH);
      expect(e.hashVersion).toBe(HASH_HMAC);
      expect(e.hash).toBe(auditHmac(key(), e.prevHash, e));
    }
    const result = await verifyAuditChain({ db });
    expect(result.ok).toBe(true);
    expect(result.count).toBe(await db.auditEvent.count());
  });

  it("stays one chain when many transactions write at once, and the checkpoint ends at its head", async () => {
    const before = await db.auditEvent.count();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.$transaction((tx) => recordAuditEvent({ tx, actorId: null, type: "committee.updated", data: { i, 键: "值" } })),
      ),
    );
    expect(await db.auditEvent.count()).toBe(before + 12);
    // Small batches exercise the paging of the verifier too.
    expect(await verifyAuditChain({ db, batchSize: 5 })).toMatchObject({ ok: true, count: before + 12, checkpoint: { state: "ok" } });
    const head = await newest();
    expect(checkpointOnDisk()).toMatchObject({ lastId: head.id.toString(), lastHash: head.hash, count: before + 12 });
  });

  it("the checkpoint never moves backwards when several writers advance it at once", async () => {
    await makeUser(db);
    await flushAuditCheckpoint();
    const results = await Promise.all(Array.from({ length: 6 }, () => advanceAuditCheckpoint({ db, key: key() })));
    expect(results.every((r) => r.state === "current")).toBe(true);
    const head = await newest();
    expect(checkpointOnDisk().lastId).toBe(head.id.toString());
  });

  it("names an altered event with reason hash", async () => {
    const user = await makeUser(db);
    const ev = await db.auditEvent.findFirstOrThrow({ where: { type: "user.created", targetId: user.id } });
    await withTampering(
      ev.id,
      () => asSuperuser(db, (tx) => tx.$executeRaw`UPDATE "AuditEvent" SET data = jsonb_set(data, '{name}', '"篡改后的姓名"') WHERE id = ${ev.id}`),
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
      () => asSuperuser(db, (tx) => tx.$executeRaw`UPDATE "AuditEvent" SET "createdAt" = "createdAt" - interval '1 day' WHERE id = ${ev.id}`),
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
      () => asSuperuser(db, (tx) => tx.$executeRaw`DELETE FROM "AuditEvent" WHERE id = ${first.id}`),
      async () => {
        const r = await verifyAuditChain({ db });
        expect(r).toMatchObject({ ok: false, broken: { id: next.id, type: "user.created", reason: "link" } });
      },
    );
    expect((await verifyAuditChain({ db })).ok).toBe(true);
  });
});

describe("a rebuilt chain", () => {
  it("rewritten and re-hashed with plain SHA-256: the rewritten event is named", async () => {
    const u = await makeUser(db);
    await makeUser(db);
    const ev = await db.auditEvent.findFirstOrThrow({ where: { type: "user.created", targetId: u.id } });
    await withTampering(
      ev.id,
      () => rewriteAndRehash(db, ev.id, { name: "改过的姓名" }, { hash: "sha256" }),
      async () => expect(await verifyAuditChain({ db })).toMatchObject({ ok: false, broken: { id: ev.id, reason: "hash" } }),
    );
  });

  it("re-hashed with SHA-256 and relabelled as pre-key events: reported as a downgrade at the rewritten event", async () => {
    const u = await makeUser(db);
    await makeUser(db);
    const ev = await db.auditEvent.findFirstOrThrow({ where: { type: "user.created", targetId: u.id } });
    await withTampering(
      ev.id,
      () => rewriteAndRehash(db, ev.id, { name: "改过的姓名" }, { hash: "sha256" }, 1),
      async () => expect(await verifyAuditChain({ db })).toMatchObject({ ok: false, broken: { id: ev.id, reason: "downgrade" } }),
    );
  });

  it("re-hashed with a key that is not the portal's: the rewritten event is named", async () => {
    const u = await makeUser(db);
    await makeUser(db);
    const ev = await db.auditEvent.findFirstOrThrow({ where: { type: "user.created", targetId: u.id } });
    await withTampering(
      ev.id,
      () => rewriteAndRehash(db, ev.id, { name: "改过的姓名" }, { hash: "hmac", key: "an-attacker-key-of-at-least-32-characters" }),
      async () => expect(await verifyAuditChain({ db })).toMatchObject({ ok: false, broken: { id: ev.id, reason: "hash" } }),
    );
  });
});

describe("truncation, against the checkpoint outside the database", () => {
  it("deleting the newest events is reported as a chain shorter than its checkpoint", async () => {
    await makeUser(db);
    await makeUser(db);
    // The checkpoint advances after each audited transaction, in the background: let it cover
    // both events first, or it may still name one of the rows about to be deleted (CI saw 333 of 334).
    await flushAuditCheckpoint();
    const total = await db.auditEvent.count();
    const cut = (await db.auditEvent.findMany({ orderBy: { id: "desc" }, take: 2 }))[1]!;
    await withTampering(
      cut.id,
      () => asSuperuser(db, (tx) => tx.$executeRaw`DELETE FROM "AuditEvent" WHERE id >= ${cut.id}`),
      async () => {
        const r = await verifyAuditChain({ db });
        expect(r).toMatchObject({ ok: false, count: total - 2, broken: { reason: "truncated", checkpointCount: total } });
      },
    );
    expect((await verifyAuditChain({ db })).ok).toBe(true);
  });

  it("deleting every event is reported too", async () => {
    await flushAuditCheckpoint();
    const first = await db.auditEvent.findFirstOrThrow({ orderBy: { id: "asc" } });
    const total = await db.auditEvent.count();
    await withTampering(
      first.id,
      () => asSuperuser(db, (tx) => tx.$executeRaw`DELETE FROM "AuditEvent"`),
      async () => expect(await verifyAuditChain({ db })).toMatchObject({ ok: false, count: 0, broken: { reason: "truncated", checkpointCount: total } }),
    );
  });

  it("the checkpoint writer refuses to sign a truncated chain and keeps the old checkpoint", async () => {
    await makeUser(db);
    await flushAuditCheckpoint();
    const before = readFileSync(checkpointFile(), "utf8");
    const head = await newest();
    await withTampering(
      head.id,
      () => asSuperuser(db, (tx) => tx.$executeRaw`DELETE FROM "AuditEvent" WHERE id = ${head.id}`),
      async () => {
        const r = await advanceAuditCheckpoint({ db, key: key() });
        expect(r).toMatchObject({ state: "refused" });
        expect(readFileSync(checkpointFile(), "utf8")).toBe(before);
      },
    );
  });

  it("an edited checkpoint, or one signed with another key, is reported as invalid", async () => {
    await flushAuditCheckpoint();
    const file = checkpointFile();
    const original = readFileSync(file, "utf8");
    try {
      const c = JSON.parse(original) as Checkpoint;
      writeFileSync(file, JSON.stringify({ ...c, count: c.count - 1 }));
      expect(await verifyAuditChain({ db })).toMatchObject({ ok: false, broken: { reason: "checkpointInvalid", why: "signature" } });
      writeFileSync(file, JSON.stringify({ ...c, keyId: "0123456789abcdef" }));
      expect(await verifyAuditChain({ db })).toMatchObject({ ok: false, broken: { reason: "checkpointInvalid", why: "otherKey" } });
    } finally {
      writeFileSync(file, original);
    }
    expect((await verifyAuditChain({ db })).ok).toBe(true);
  });
});

describe("the audit table refuses changes through the portal's connection", () => {
  it("UPDATE, DELETE and TRUNCATE are refused by the trigger", async () => {
    const u = await makeUser(db);
    const ev = await db.auditEvent.findFirstOrThrow({ where: { type: "user.created", targetId: u.id } });
    await expect(db.$executeRaw`UPDATE "AuditEvent" SET data = '{}'::jsonb WHERE id = ${ev.id}`).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.update({ where: { id: ev.id }, data: { type: "user.updated" } })).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM "AuditEvent" WHERE id = ${ev.id}`).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.deleteMany({ where: { id: ev.id } })).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`TRUNCATE "AuditEvent"`).rejects.toThrow(/append-only/);
    expect(await db.auditEvent.findUniqueOrThrow({ where: { id: ev.id } })).toEqual(ev);
    expect((await verifyAuditChain({ db })).ok).toBe(true);
  });

  it("deleting a person does not take their audit events along", async () => {
    const u = await makeUser(db, { role: "ADMIN" });
    const admin = await makeUser(db, { role: "ADMIN" });
    await updateUser({ db, actor: await sessionFor(db, u.id), meta: {}, userId: admin.id, title: "改职务" });
    await expect(db.user.delete({ where: { id: u.id } })).rejects.toThrow();
    expect(await db.auditEvent.count({ where: { actorId: u.id } })).toBe(1);
  });
});
