import type { Tx } from "../../db/client";
import { CHAIN_LOCK } from "./chain";
import { scheduleAuditCheckpoint } from "./checkpoint";
import { auditHmac, GENESIS_HASH, HASH_HMAC } from "./hash";
import { auditKeyForWriting } from "./key";
import type { AuditType } from "./types";

/** Who did it and from where; filled by the tRPC context, scripts pass `{}`. */
export interface AuditMeta {
  ip?: string | null;
  userAgent?: string | null;
}

export interface RecordAuditEventOptions {
  tx: Tx;
  actorId: string | null;
  type: AuditType;
  target?: { type: string; id: string };
  data?: Record<string, unknown>;
  meta?: AuditMeta;
}

/**
 * Writes one audit event inside the caller's transaction (the change and its record commit
 * together), keyed with the audit key; the checkpoint outside the database follows after commit.
 */
export async function recordAuditEvent(o: RecordAuditEventOptions) {
  const key = auditKeyForWriting();
  // Serializes writers until the surrounding transaction ends (server/services/audit/chain.ts).
  await o.tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`;
  const last = await o.tx.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const fields = {
    actorId: o.actorId,
    type: o.type,
    targetType: o.target?.type ?? null,
    targetId: o.target?.id ?? null,
    data: o.data ?? {},
    ip: o.meta?.ip?.slice(0, 100) ?? null,
    userAgent: o.meta?.userAgent?.slice(0, 500) ?? null,
    createdAt: new Date(),
  };
  const event = await o.tx.auditEvent.create({
    data: { ...fields, data: fields.data as object, prevHash, hash: auditHmac(key, prevHash, fields), hashVersion: HASH_HMAC },
  });
  scheduleAuditCheckpoint();
  return event;
}
