import type { Db } from "../db/client";
import { forbidden } from "../errors";
import type { Actor } from "../policy";
import type { AuditMeta } from "./audit/record-audit-event";

// The one service convention (docs/architecture.md, "Services"): every service function takes
// ONE options object `{ db, actor, meta?, ...input }`, scopes its own queries and asks
// server/policy before it reads or changes anything.

/** What every service receives: the database, who acts, and request metadata for the audit. */
export interface ServiceOptions {
  db: Db;
  actor: Actor;
  meta?: AuditMeta;
}

/**
 * The portal itself acting, with no person behind it: seeding, bootstrap and test factories.
 * Only the people-management services accept it (the first secretariat account has to come
 * from somewhere); it is audited with no actor. A request can never carry it: routers pass the
 * session user, which is always an Actor.
 */
export const SYSTEM = "system" as const;
export type SystemActor = typeof SYSTEM;

/** Options of a service the portal itself may also call (see SYSTEM). */
export interface AdminServiceOptions {
  db: Db;
  actor: Actor | SystemActor;
  meta?: AuditMeta;
}

/** The audit's actor id: the person, or null for the portal itself. */
export const auditActorId = (actor: Actor | SystemActor): string | null => (actor === SYSTEM ? null : actor.id);

/** Refuses unless the portal itself acts or `allowed(actor)` (a server/policy function) says yes. */
export function authorize(actor: Actor | SystemActor, allowed: (a: Actor) => boolean): void {
  if (actor !== SYSTEM && !allowed(actor)) throw forbidden();
}
