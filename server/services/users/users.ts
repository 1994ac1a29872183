import type { z } from "zod";
import { Prisma } from "../../db/generated/client";
import { AppError, notFound } from "../../errors";
import { hashPassword, verifyPassword } from "../../auth/password";
import { recordAuditEvent } from "../audit/record-audit-event";
import { publishAccessChanged } from "../events";
import { policy } from "../../policy";
import { auditActorId, authorize, type AdminServiceOptions, type ServiceOptions } from "../options";
import type { ZCreateUser, ZUpdateUser } from "@/lib/schemas/user";
import type { Locale } from "@/lib/i18n/config";

// People management. Every function writes its audit event in the same transaction as
// the change. Changing a password or disabling bumps sessionVersion, which ends every
// open session of that user on its next request (server/auth/session.ts). Managing people is
// the secretariat's (policy.manageUsers); the portal itself (SYSTEM) may create and manage
// people for seeding and bootstrap. Changing one's own password or language needs only the actor.

const publicUser = {
  id: true, username: true, name: true, email: true, title: true, role: true,
  locale: true, disabled: true, createdAt: true,
} as const;

/** The portal must keep at least one active secretariat account, or nobody can manage people. */
async function assertAnotherAdminRemains(tx: Prisma.TransactionClient, userId: string) {
  const others = await tx.user.count({ where: { role: "ADMIN", disabled: false, NOT: { id: userId } } });
  if (others === 0) throw new AppError("CONFLICT", "lastAdmin");
}

function uniqueViolation(e: unknown, field: string): AppError | unknown {
  if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
    const target = JSON.stringify(e.meta ?? {});
    if (target.includes("email")) return new AppError("CONFLICT", "emailTaken");
    return new AppError("CONFLICT", field);
  }
  return e;
}

export async function createUser(o: AdminServiceOptions & z.output<typeof ZCreateUser>) {
  const { db, actor, meta, ...input } = o;
  authorize(actor, policy.manageUsers);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          username: input.username, name: input.name, email: input.email ?? null,
          title: input.title, role: input.role, passwordHash,
        },
        select: publicUser,
      });
      await recordAuditEvent({
        tx, actorId: auditActorId(actor), type: "user.created", target: { type: "User", id: user.id },
        data: { username: user.username, name: user.name, role: user.role }, meta,
      });
      return user;
    });
  } catch (e) {
    throw uniqueViolation(e, "usernameTaken");
  }
}

export async function updateUser(o: AdminServiceOptions & z.output<typeof ZUpdateUser>) {
  const { db, actor, meta, userId, ...changes } = o;
  authorize(actor, policy.manageUsers);
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.user.findUnique({ where: { id: userId }, select: publicUser });
      if (!before) throw notFound();
      if (before.role === "ADMIN" && changes.role && changes.role !== "ADMIN") await assertAnotherAdminRemains(tx, userId);
      const user = await tx.user.update({ where: { id: userId }, data: changes, select: publicUser });
      const changed = Object.fromEntries(
        Object.entries(changes).filter(([k, v]) => v !== undefined && (before as Record<string, unknown>)[k] !== v),
      );
      await recordAuditEvent({
        tx, actorId: auditActorId(actor), type: "user.updated", target: { type: "User", id: userId },
        data: { changed }, meta,
      });
      return user;
    });
  } catch (e) {
    throw uniqueViolation(e, "usernameTaken");
  }
}

export async function setUserDisabled(c: AdminServiceOptions & { userId: string; disabled: boolean }) {
  authorize(c.actor, policy.manageUsers);
  if (c.disabled && c.userId === auditActorId(c.actor)) throw new AppError("BAD_REQUEST", "cannotDisableSelf");
  const user = await c.db.$transaction(async (tx) => {
    const found = await tx.user.findUnique({ where: { id: c.userId }, select: { id: true, role: true } });
    if (!found) throw notFound();
    if (c.disabled && found.role === "ADMIN") await assertAnotherAdminRemains(tx, c.userId);
    const user = await tx.user.update({
      where: { id: c.userId },
      data: { disabled: c.disabled, ...(c.disabled ? { sessionVersion: { increment: 1 } } : {}) },
      select: publicUser,
    });
    await recordAuditEvent({
      tx, actorId: auditActorId(c.actor), type: c.disabled ? "user.disabled" : "user.enabled",
      target: { type: "User", id: c.userId }, data: { username: user.username }, meta: c.meta,
    });
    return user;
  });
  await publishAccessChanged({ userId: c.userId });
  return user;
}

export async function resetUserPassword(c: AdminServiceOptions & { userId: string; password: string }) {
  authorize(c.actor, policy.manageUsers);
  const passwordHash = await hashPassword(c.password);
  return c.db.$transaction(async (tx) => {
    const found = await tx.user.findUnique({ where: { id: c.userId }, select: { id: true, username: true } });
    if (!found) throw notFound();
    await tx.user.update({
      where: { id: c.userId },
      data: { passwordHash, sessionVersion: { increment: 1 } },
    });
    await recordAuditEvent({
      tx, actorId: auditActorId(c.actor), type: "user.password_reset", target: { type: "User", id: c.userId },
      data: { username: found.username }, meta: c.meta,
    });
  });
}

/** The signed-in user changes their own password; other sessions end, this one is re-issued by the caller. */
export async function changeOwnPassword(o: ServiceOptions & { currentPassword: string; newPassword: string }) {
  const userId = o.actor.id;
  const user = await o.db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user) throw notFound();
  if (!(await verifyPassword(user.passwordHash, o.currentPassword))) {
    throw new AppError("BAD_REQUEST", "wrongCurrentPassword");
  }
  const passwordHash = await hashPassword(o.newPassword);
  return o.db.$transaction(async (tx) => {
    const updated = await tx.user.update({
      where: { id: userId },
      data: { passwordHash, sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    });
    await recordAuditEvent({
      tx, actorId: userId, type: "user.password_changed", target: { type: "User", id: userId }, meta: o.meta,
    });
    return updated;
  });
}

/** The signed-in user signs out (the session cookie is cleared by the caller): audited. */
export async function recordSignOut(o: ServiceOptions) {
  await o.db.$transaction((tx) =>
    recordAuditEvent({ tx, actorId: o.actor.id, type: "auth.logout", target: { type: "User", id: o.actor.id }, meta: o.meta }),
  );
}

/** The signed-in user's interface language. */
export async function setUserLocale(o: ServiceOptions & { locale: Locale }) {
  const userId = o.actor.id;
  return o.db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { locale: o.locale } });
    await recordAuditEvent({
      tx, actorId: userId, type: "user.locale_changed", target: { type: "User", id: userId },
      data: { locale: o.locale }, meta: o.meta,
    });
  });
}

export async function listUsers(c: ServiceOptions & { query?: string }) {
  authorize(c.actor, policy.manageUsers);
  const q = c.query?.trim();
  return c.db.user.findMany({
    where: q
      ? { OR: [{ name: { contains: q } }, { username: { contains: q.toLowerCase() } }, { title: { contains: q } }] }
      : {},
    orderBy: [{ disabled: "asc" }, { createdAt: "asc" }],
    select: { ...publicUser, memberships: { select: { role: true, committee: { select: { id: true, name: true } } } } },
  });
}
