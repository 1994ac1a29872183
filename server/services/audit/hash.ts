import { createHash } from "node:crypto";

// The audit hash chain: hash = SHA-256(prevHash + canonical JSON of the event's fields).
// JSONB reorders object keys, so `data` is canonicalized (sorted keys) both when the event
// is written and when it is verified.

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

export function auditHash(prevHash: string, e: HashedFields): string {
  const body = canonicalJson({
    actorId: e.actorId,
    type: e.type,
    targetType: e.targetType,
    targetId: e.targetId,
    data: e.data ?? {},
    ip: e.ip,
    userAgent: e.userAgent,
    createdAt: e.createdAt.toISOString(),
  });
  return createHash("sha256").update(prevHash).update("\n").update(body).digest("hex");
}
