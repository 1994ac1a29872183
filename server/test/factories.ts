import { randomBytes } from "node:crypto";
import type { Db } from "../db/client";
import type { GlobalRole } from "../db/generated/enums";
import { createUser } from "../services/users/users";
import { SYSTEM } from "../services/options";
import { loadSessionUser, type SessionUser } from "../auth/session";
import { createContext, type Context } from "../api/trpc";

// Each test file seeds the people it needs, with names no other file (or run) uses, so
// files never depend on demo data or on each other.

export const TEST_PASSWORD = "Test-password-2026";

export function uniqueName(prefix = "t"): string {
  return `${prefix}${randomBytes(5).toString("hex")}`.toLowerCase();
}

export interface TestUser {
  id: string;
  username: string;
  name: string;
  role: GlobalRole;
  password: string;
}

export async function makeUser(
  db: Db,
  o: { role?: GlobalRole; username?: string; name?: string; password?: string; email?: string } = {},
): Promise<TestUser> {
  const username = o.username ?? uniqueName(o.role === "ADMIN" ? "admin" : "user");
  const password = o.password ?? TEST_PASSWORD;
  const user = await createUser({
    db, actor: SYSTEM, meta: {},
    username, name: o.name ?? `测试${username.slice(-4)}`, title: "测试职务", role: o.role ?? "MEMBER", password, email: o.email,
  });
  return { id: user.id, username: user.username, name: user.name, role: user.role, password };
}

export async function sessionFor(db: Db, userId: string): Promise<SessionUser> {
  const { sessionVersion } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionVersion: true } });
  const user = await loadSessionUser(userId, sessionVersion);
  if (!user) throw new Error(`user ${userId} has no valid session`);
  return user;
}

/** A tRPC context as the route handler builds it, for `createCallerFactory(appRouter)`. */
export function contextFor(user: SessionUser | null): Context {
  const headers = new Headers({ "user-agent": "vitest" });
  return createContext({ user, headers, meta: { ip: "127.0.0.1", userAgent: "vitest" } });
}
