import { createHash, createHmac } from "node:crypto";

// The audit hash chain: hash = HMAC-SHA-256(audit key, prevHash + "\n" + canonical JSON of
// the event's fields) — version 2. Events written before the key existed keep plain SHA-256
// over the same input — version 1 — and are verified as before. JSONB reorders object keys,
// so `data` is canonicalized (sorted keys) both when the event is written and when verified.

export const GENESIS_HASH = "0".repeat(64);

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export interface HashedFields {
  actorId: string | null;
  type: string;
  targetType: string | null;
  targetId: string | null;
  data: unknown;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
}

/** Version 1: plain SHA-256, anyone with database access can recompute it. */
export const HASH_SHA256 = 1;
/** Version 2: HMAC-SHA-256 with the audit key, which is not in the database. */
export const HASH_HMAC = 2;
export type HashVersion = typeof HASH_SHA256 | typeof HASH_HMAC;

function eventBody(e: HashedFields): string {
  return canonicalJson({
    actorId: e.actorId,
    type: e.type,
    targetType: e.targetType,
    targetId: e.targetId,
    data: e.data ?? {},
    ip: e.ip,
    userAgent: e.userAgent,
    createdAt: e.createdAt.toISOString(),
  });
}

/** Version 1 (events before the audit key existed). */
export function auditHash(prevHash: string, e: HashedFields): string {
  return createHash("sha256").update(prevHash).update("\n").update(eventBody(e)).digest("hex");
}

/** Version 2: without the key, a rewritten event's hash cannot be recomputed. */
export function auditHmac(key: string, prevHash: string, e: HashedFields): string {
  return createHmac("sha256", key).update(prevHash).update("\n").update(eventBody(e)).digest("hex");
}
