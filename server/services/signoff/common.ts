import type { Db, Tx } from "../../db/client";
import type { ServiceOptions } from "../options";
import { Prisma } from "../../db/generated/client";
import { AppError, forbidden, notFound } from "../../errors";
import type { Actor } from "../../policy";
import { loadDraftAccess } from "../drafts/draft-access";
import type { Stage } from "@/lib/versions/rule";

// Shared by the versions and sign-off services (issue #9).

/** The one service options object (server/services/options.ts). */
export type SignoffCtx = ServiceOptions;

/**
 * Locks the draft row until the transaction ends, then loads it with the actor's role. Every
 * versions/sign-off write takes it first, so freezes, requests, signatures and reopen on one
 * draft run one after the other and each checks the state it changes. FOR NO KEY UPDATE, not
 * FOR UPDATE: a Yjs update being stored (foreign key check, FOR KEY SHARE) must not wait on it
 * — finalizing waits for those through the advisory lock (finalLock).
 */
export async function lockDraft(tx: Tx, actor: Actor, draftId: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Draft" WHERE "id" = ${draftId} FOR NO KEY UPDATE`;
  if (rows.length === 0) throw notFound();
  return loadDraftAccess({ db: tx, actor, draftId });
}

/**
 * Taken before a draft becomes FINAL: waits for Yjs updates being stored right now (each holds
 * it shared, migration versions_signoff), and every later one sees FINAL and is refused.
 */
export async function finalLock(tx: Tx, draftId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('draft-final'), hashtext(${draftId}))`;
}

/** A refusal by policy: FINAL drafts say so, everything else is FORBIDDEN. */
export function refuse(status: string): AppError {
  return status === "FINAL" ? new AppError("PRECONDITION_FAILED", "signoff.draftFinal") : forbidden();
}

export function parseStages(json: unknown): Stage[] {
  return Array.isArray(json) ? (json as Stage[]) : [];
}

export function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

/** Names of people by id (for status, rule and verification views). */
export async function namesOf(db: Db | Tx, ids: Iterable<string>): Promise<Map<string, { id: string; name: string; title: string }>> {
  const list = [...new Set(ids)];
  if (!list.length) return new Map();
  const users = await db.user.findMany({ where: { id: { in: list } }, select: { id: true, name: true, title: true } });
  return new Map(users.map((u) => [u.id, u]));
}
