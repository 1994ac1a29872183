import type { Db, Tx } from "../../db/client";
import type { DraftRole } from "../../db/generated/enums";
import { AppError } from "../../errors";
import { signoffPolicy } from "../../policy/signoff";
import { recordAuditEvent } from "../audit/record-audit-event";
import { rolesOnDraft, type DraftFacts } from "../comments/common";
import { lockDraft, namesOf, parseStages, refuse, type SignoffCtx } from "./common";
import { ruleProblems, type Gate, type Stage } from "@/lib/versions/rule";

// A draft's sign-off rule: stored (SignoffRule) once the owner edits it, otherwise the default
// from the committee — its head(s), all → the vice-chairs, 1 of n → the chair. Editable by the
// owner while no round is OPEN; every change is audited with the rule before and after.

export const DEFAULT_STAGE_NAMES = { heads: "专委会主任", viceChairs: "副主席", chair: "主席" } as const;
export const DEFAULT_GATE: Gate = "BLOCK";

/** The default stages for a draft of this committee; people in an earlier stage are left out of later ones, empty stages dropped. */
export async function defaultStages(db: Db | Tx, committeeId: string): Promise<Stage[]> {
  const heads = await db.membership.findMany({
    where: { committeeId, role: "HEAD", user: { disabled: false } },
    orderBy: { user: { name: "asc" } },
    select: { userId: true },
  });
  const leaders = await db.user.findMany({
    where: { role: { in: ["VICE_CHAIR", "CHAIR"] }, disabled: false },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, role: true },
  });
  const seen = new Set<string>();
  const fresh = (ids: string[]) => ids.filter((id) => !seen.has(id) && (seen.add(id), true));
  const stages: Stage[] = [
    { name: DEFAULT_STAGE_NAMES.heads, signerIds: fresh(heads.map((h) => h.userId)), threshold: "ALL" },
    { name: DEFAULT_STAGE_NAMES.viceChairs, signerIds: fresh(leaders.filter((l) => l.role === "VICE_CHAIR").map((l) => l.id)), threshold: { k: 1 } },
    { name: DEFAULT_STAGE_NAMES.chair, signerIds: fresh(leaders.filter((l) => l.role === "CHAIR").map((l) => l.id)), threshold: { k: 1 } },
  ];
  return stages.filter((s) => s.signerIds.length > 0);
}

/** The rule in force: the stored one, or the committee's default. */
export async function effectiveRule(db: Db | Tx, draft: { id: string; committeeId: string }): Promise<{ stages: Stage[]; gate: Gate; isDefault: boolean }> {
  const stored = await db.signoffRule.findUnique({ where: { draftId: draft.id } });
  if (stored) return { stages: parseStages(stored.stages), gate: stored.gate, isDefault: false };
  return { stages: await defaultStages(db, draft.committeeId), gate: DEFAULT_GATE, isDefault: true };
}

async function hasOpenRound(db: Db | Tx, draftId: string) {
  return (await db.signoffRound.count({ where: { draftId, status: "OPEN" } })) > 0;
}

/** The rule for the rule view: stages, gate, whether the caller may edit it now, and the signers' names. */
export async function getRule(o: SignoffCtx & { role: DraftRole; draft: { id: string; committeeId: string; status: DraftFacts["status"] } }) {
  const rule = await effectiveRule(o.db, o.draft);
  const editable = signoffPolicy.editRule(o.role, o.draft.status) && !(await hasOpenRound(o.db, o.draft.id));
  const people = await namesOf(o.db, rule.stages.flatMap((s) => s.signerIds));
  return {
    stages: rule.stages,
    gate: rule.gate,
    isDefault: rule.isDefault,
    editable,
    signers: [...people.values()].map((p) => ({ id: p.id, name: p.name, title: p.title })),
  };
}

/**
 * Every signer must be an active person who can read the draft (BAD_REQUEST
 * `signoff.signerUnavailable` { names }), and the rule must be usable (ruleProblems).
 */
export async function assertRuleUsable(tx: Db | Tx, draft: DraftFacts, stages: Stage[]) {
  const problem = ruleProblems(stages)[0];
  if (problem) throw new AppError("BAD_REQUEST", problem.key, problem.stage !== undefined ? { stage: problem.stage + 1 } : {});
  const ids = stages.flatMap((s) => s.signerIds);
  const people = await rolesOnDraft(tx, draft, ids);
  const unavailable = ids.filter((id) => {
    const p = people.get(id);
    return !p || p.disabled || !signoffPolicy.eligibleSigner(p.role);
  });
  if (unavailable.length) {
    throw new AppError("BAD_REQUEST", "signoff.signerUnavailable", { names: unavailable.map((id) => people.get(id)?.name ?? id).join("、") });
  }
}

export async function setRule(o: SignoffCtx & { draftId: string; stages: Stage[]; gate: Gate }) {
  return o.db.$transaction(async (tx) => {
    const { draft, role } = await lockDraft(tx, o.actor, o.draftId);
    if (!signoffPolicy.editRule(role, draft.status)) throw refuse(draft.status);
    if (await hasOpenRound(tx, draft.id)) throw new AppError("PRECONDITION_FAILED", "signoff.ruleLocked");
    const stages: Stage[] = o.stages.map((s) => ({ name: s.name, signerIds: [...s.signerIds], threshold: s.threshold === "ALL" ? "ALL" : { k: s.threshold.k } }));
    await assertRuleUsable(tx, draft, stages);
    const before = await effectiveRule(tx, draft);
    await tx.signoffRule.upsert({
      where: { draftId: draft.id },
      create: { draftId: draft.id, stages: stages as object[], gate: o.gate, updatedById: o.actor.id },
      update: { stages: stages as object[], gate: o.gate, updatedById: o.actor.id },
    });
    await recordAuditEvent({
      tx, actorId: o.actor.id, type: "signoff.rule_changed", target: { type: "Draft", id: draft.id },
      data: { before: { stages: before.stages, gate: before.gate, isDefault: before.isDefault }, after: { stages, gate: o.gate } },
      meta: o.meta,
    });
    return { ok: true as const };
  });
}
