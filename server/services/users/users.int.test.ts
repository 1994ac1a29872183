import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTestDatabase, useTestDatabase } from "@/server/test/db";
import { makeUser, sessionFor, TEST_PASSWORD, uniqueName } from "@/server/test/factories";
import type { SessionUser } from "@/server/auth/session";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { loadSessionUser } from "@/server/auth/session";
import { verifyPassword } from "@/server/auth/password";
import {
  changeOwnPassword, createUser, listUsers, recordSignOut, resetUserPassword, setUserDisabled, setUserLocale, updateUser,
} from "./users";

let db: Db;
let adminId: string;
let admin: SessionUser;
beforeAll(async () => {
  db = useTestDatabase();
  adminId = (await makeUser(db, { role: "ADMIN" })).id;
  admin = await sessionFor(db, adminId);
});
afterAll(closeTestDatabase);

const ctx = () => ({ db, actor: admin, meta: { ip: "198.51.100.1", userAgent: "vitest" } });

async function appError(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const sv = async (id: string) =>
  (await db.user.findUniqueOrThrow({ where: { id }, select: { sessionVersion: true } })).sessionVersion;

describe("users service", () => {
  it("creates a user with an Argon2id hash and an audit event", async () => {
    const username = uniqueName("new");
    const user = await createUser({
      ...ctx(), username, name: "周敏", title: "区政协委员", role: "MEMBER", password: "Abcdefg-123", email: `${username}@example.org`,
    });
    expect(user).toMatchObject({ username, name: "周敏", role: "MEMBER", disabled: false });
    expect(user).not.toHaveProperty("passwordHash");
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.passwordHash, "Abcdefg-123")).toBe(true);
    const ev = await db.auditEvent.findFirstOrThrow({ where: { type: "user.created", targetId: user.id } });
    expect(ev).toMatchObject({ actorId: adminId, ip: "198.51.100.1", data: { username, name: "周敏", role: "MEMBER" } });
  });

  it("refuses a duplicate username or e-mail with CONFLICT", async () => {
    const u = await makeUser(db, { email: `${uniqueName()}@example.org` });
    const dupName = await appError(
      createUser({ ...ctx(), username: u.username, name: "重名", title: "", role: "MEMBER", password: "Abcdefg-123" }),
    );
    expect(dupName).toMatchObject({ code: "CONFLICT", messageKey: "usernameTaken" });
    const email = (await db.user.findUniqueOrThrow({ where: { id: u.id } })).email!;
    const dupEmail = await appError(
      createUser({ ...ctx(), username: uniqueName(), name: "重邮箱", title: "", role: "MEMBER", password: "Abcdefg-123", email }),
    );
    expect(dupEmail).toMatchObject({ code: "CONFLICT", messageKey: "emailTaken" });
    // Nothing half-written: no user and no audit event for the refused ones.
    expect(await db.auditEvent.count({ where: { type: "user.created", data: { path: ["name"], equals: "重名" } } })).toBe(0);
  });

  it("updates fields and records only what changed", async () => {
    const u = await makeUser(db);
    const updated = await updateUser({ ...ctx(), userId: u.id, title: "提案委员会委员", role: "VICE_CHAIR" });
    expect(updated).toMatchObject({ title: "提案委员会委员", role: "VICE_CHAIR" });
    const ev = await db.auditEvent.findFirstOrThrow({ where: { type: "user.updated", targetId: u.id } });
    expect(ev.data).toEqual({ changed: { title: "提案委员会委员", role: "VICE_CHAIR" } });
    expect(await appError(updateUser({ ...ctx(), userId: "missing-user", title: "x" }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("disabling ends every open session; enabling does not revive old ones", async () => {
    const u = await makeUser(db);
    const oldSv = await sv(u.id);
    expect(await loadSessionUser(u.id, oldSv)).toMatchObject({ id: u.id, username: u.username });

    await setUserDisabled({ ...ctx(), userId: u.id, disabled: true });
    expect(await sv(u.id)).toBe(oldSv + 1);
    expect(await loadSessionUser(u.id, oldSv)).toBeNull();
    expect(await loadSessionUser(u.id, oldSv + 1)).toBeNull(); // disabled: no session at all

    await setUserDisabled({ ...ctx(), userId: u.id, disabled: false });
    expect(await loadSessionUser(u.id, oldSv)).toBeNull();
    expect(await loadSessionUser(u.id, oldSv + 1)).not.toBeNull();
    const types = (await db.auditEvent.findMany({ where: { targetId: u.id }, orderBy: { id: "asc" } })).map((e) => e.type);
    expect(types).toEqual(["user.created", "user.disabled", "user.enabled"]);
  });

  it("does not let an admin disable themselves", async () => {
    expect(await appError(setUserDisabled({ ...ctx(), userId: adminId, disabled: true }))).toMatchObject({
      code: "BAD_REQUEST", messageKey: "cannotDisableSelf",
    });
  });

  it("changing one's password requires the current one and ends other sessions", async () => {
    const u = await makeUser(db);
    const oldSv = await sv(u.id);
    const self = { db, actor: await sessionFor(db, u.id), meta: {} };
    const wrong = await appError(changeOwnPassword({ ...self, currentPassword: "not-my-password", newPassword: "Brand-new-pass-1" }));
    expect(wrong).toMatchObject({ code: "BAD_REQUEST", messageKey: "wrongCurrentPassword" });
    expect(await sv(u.id)).toBe(oldSv);

    const { sessionVersion } = await changeOwnPassword({ ...self, currentPassword: TEST_PASSWORD, newPassword: "Brand-new-pass-1" });
    expect(sessionVersion).toBe(oldSv + 1);
    expect(await loadSessionUser(u.id, oldSv)).toBeNull();
    const row = await db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(await verifyPassword(row.passwordHash, "Brand-new-pass-1")).toBe(true);
    expect(await verifyPassword(row.passwordHash, TEST_PASSWORD)).toBe(false);
    expect(await db.auditEvent.count({ where: { type: "user.password_changed", targetId: u.id, actorId: u.id } })).toBe(1);
  });

  it("an admin's password reset ends the user's sessions", async () => {
    const u = await makeUser(db);
    const oldSv = await sv(u.id);
    await resetUserPassword({ ...ctx(), userId: u.id, password: "Reset-pass-2026" });
    expect(await loadSessionUser(u.id, oldSv)).toBeNull();
    const row = await db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(await verifyPassword(row.passwordHash, "Reset-pass-2026")).toBe(true);
    const ev = await db.auditEvent.findFirstOrThrow({ where: { type: "user.password_reset", targetId: u.id } });
    expect(JSON.stringify(ev.data)).not.toContain("Reset-pass-2026");
  });

  it("saves the language per user and finds users by name or title", async () => {
    const u = await makeUser(db, { name: `检索${uniqueName()}` });
    await setUserLocale({ db, actor: await sessionFor(db, u.id), meta: {}, locale: "en" });
    expect((await loadSessionUser(u.id, await sv(u.id)))?.locale).toBe("en");
    const found = await listUsers({ db, actor: admin, query: u.name });
    expect(found.map((f) => f.id)).toEqual([u.id]);
    expect(found[0]).not.toHaveProperty("passwordHash");
  });

  it("only the secretariat manages people: anyone else is FORBIDDEN and nothing changes", async () => {
    const u = await makeUser(db);
    const oldSv = await sv(u.id);
    for (const role of ["MEMBER", "CHAIR"] as const) {
      const o = { db, actor: await sessionFor(db, (await makeUser(db, { role })).id), meta: {} };
      const username = uniqueName("refused");
      expect(await appError(createUser({ ...o, username, name: "不该有", title: "", role: "ADMIN", password: "Abcdefg-123" }))).toMatchObject({ code: "FORBIDDEN" });
      expect(await appError(updateUser({ ...o, userId: u.id, role: "ADMIN" }))).toMatchObject({ code: "FORBIDDEN" });
      expect(await appError(setUserDisabled({ ...o, userId: u.id, disabled: true }))).toMatchObject({ code: "FORBIDDEN" });
      expect(await appError(resetUserPassword({ ...o, userId: u.id, password: "Reset-pass-2026" }))).toMatchObject({ code: "FORBIDDEN" });
      expect(await appError(listUsers({ ...o }))).toMatchObject({ code: "FORBIDDEN" });
      expect(await db.user.count({ where: { username } })).toBe(0);
    }
    expect(await db.user.findUniqueOrThrow({ where: { id: u.id }, select: { role: true, disabled: true } })).toEqual({ role: "MEMBER", disabled: false });
    expect(await sv(u.id)).toBe(oldSv);
  });

  it("signing out is audited as the person, with the request's address", async () => {
    const u = await makeUser(db);
    await recordSignOut({ db, actor: await sessionFor(db, u.id), meta: { ip: "203.0.113.9", userAgent: "vitest" } });
    const ev = await db.auditEvent.findFirstOrThrow({ where: { type: "auth.logout", targetId: u.id } });
    expect(ev).toMatchObject({ actorId: u.id, ip: "203.0.113.9" });
  });
});
