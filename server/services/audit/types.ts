// Every kind of audit event the portal writes. Adding a state change means adding its type
// here (and a label in messages/*.json under "audit.types").
export const AUDIT_TYPES = [
  "auth.login",
  "auth.logout",
  "auth.login_failed",
  "user.created",
  "user.updated",
  "user.disabled",
  "user.enabled",
  "user.password_reset",
  "user.password_changed",
  "user.locale_changed",
  "committee.created",
  "committee.updated",
  "membership.added",
  "membership.role_changed",
  "membership.removed",
  "draft.created",
  "draft.updated",
  "draft.member_set",
  "draft.member_removed",
  "draft.updates_quarantined",
  "comment.created",
  "comment.replied",
  "comment.edited",
  "comment.deleted",
  "thread.resolved",
  "thread.reopened",
  "thread.disposition_set",
  "demo.seeded",
] as const;

export type AuditType = (typeof AUDIT_TYPES)[number];
