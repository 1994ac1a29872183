import type { Tx } from "../../db/client";
import { auditHash, GENESIS_HASH } from "./hash";
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

// Serializes writers so each event chains to the one committed before it. Held until the
// surrounding transaction ends, which is also when the change it records becomes visible.
const CHAIN_LOCK = 727_274_002;

/** Writes one audit event inside the caller's transaction (the change and its record commit together). */
export async function recordAuditEvent(o: RecordAuditEventOptions) {
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
  return o.tx.auditEvent.create({
    data: { ...fields, data: fields.data as object, prevHash, hash: auditHash(prevHash, fields) },
  });
}
