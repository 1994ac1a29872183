import { AppError, forbidden } from "../../errors";
import { signoffPolicy } from "../../policy/signoff";
import { recordAuditEvent } from "../audit/record-audit-event";
import { publishAccessChanged } from "../events";
import { lockDraft, type SignoffCtx } from "./common";

// Reopening a final draft (owner or chair, with a reason, audited): the approved round becomes
// REOPENED, the draft DRAFTING again and editable — open editors turn writable without a
// reload (access.changed). The final version and its sign-offs stay as they were; the next
// sign-off is a new round on a newly frozen version.

export async function reopenDraft(o: SignoffCtx & { draftId: string; reason: string }) {
  const result = await o.db.$transaction(async (tx) => {
    const { draft, role } = await lockDraft(tx, o.actor, o.draftId);
    if (!signoffPolicy.reopen(o.actor, role)) throw forbidden();
    if (draft.status !== "FINAL") throw new AppError("PRECONDITION_FAILED", "signoff.notFinal");
    const round = draft.finalVersionId
      ? await tx.signoffRound.findFirst({ where: { draftId: draft.id, versionId: draft.finalVersionId, status: "APPROVED" }, select: { id: true } })
      : null;
    if (round) await tx.signoffRound.update({ where: { id: round.id }, data: { status: "REOPENED" } });
    await tx.draft.update({ where: { id: draft.id }, data: { status: "DRAFTING", finalVersionId: null } });
    await recordAuditEvent({
      tx, actorId: o.actor.id, type: "signoff.reopened", target: { type: "Draft", id: draft.id },
      data: { reason: o.reason, versionId: draft.finalVersionId, roundId: round?.id ?? null },
      meta: o.meta,
    });
    return { ok: true as const };
  });
  await publishAccessChanged({ draftId: o.draftId });
  return result;
}
