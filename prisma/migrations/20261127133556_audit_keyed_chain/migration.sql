-- Events written before this migration were hashed with plain SHA-256 (version 1); from now
-- on the portal writes HMAC-SHA-256 with the audit key (version 2, server/services/audit).
-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "hashVersion" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "AuditEvent" ALTER COLUMN "hashVersion" DROP DEFAULT;
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_hashVersion_check" CHECK ("hashVersion" IN (1, 2));

-- The audit log is append-only: UPDATE, DELETE and TRUNCATE are refused for every role,
-- the portal's own connection included. A superuser can still disable the triggers
-- (ALTER TABLE ... DISABLE TRIGGER, session_replication_role = replica): that is what the
-- keyed hash chain and the checkpoint outside the database detect (`npm run audit:verify`).
CREATE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '审计记录只能追加，不能修改或删除 / the audit log is append-only: % on "AuditEvent" refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "AuditEvent_append_only"
  BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"();

CREATE TRIGGER "AuditEvent_no_truncate"
  BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_append_only"();
