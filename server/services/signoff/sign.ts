import { AppError, notFound } from "../../errors";
import { signoffPolicy } from "../../policy/signoff";
import { recordAuditEvent } from "../audit/record-audit-event";
import { publishAccessChanged, publishNotificationsChanged } from "../events";
import { finalLock, isUniqueViolation, lockDraft, parseStages, type SignoffCtx } from "./common";
import { reauthenticate } from "./reauth";
import { notifyStage } from "./round";
import { roundProgress } from "@/lib/versions/rule";

// Signing: approve (同意) or return (退回修改) the version of an OPEN round, in the signer's
// stage's turn. The request names the round, the version and the hash the signer's page showed:
// a version other than the round's, or a hash other than the version's, is CONFLICT (409) —
// nothing is stored. One sign-off per signer and version (unique index): a repeated submit
// answers ok and changes nothing. A RETURN closes the round; the last stage met makes the
// version 定稿: the draft FINAL (and read-only everywhere, open editors included, once
// access.changed goes out after commit).

export type RoundStatus = "OPEN" | "APPROVED" | "RETURNED" | "SUPERSEDED" | "REOPENED";

export interface SignOptions extends SignoffCtx {
  draftId: string;
  roundId: string;
  versionId: string;
  hashSeen: string;
  decision: "APPROVE" | "RETURN";
  comment: string;
  password?: string;
  /** The session's sign-in time (JWT authTime): within 5 minutes, no password is needed. */
  authTime?: Date | null;
}

export async function signVersion(o: SignOptions): Promise<{ ok: true; roundStatus: RoundStatus; repeated: boolean }> {
  const reauth = await reauthenticate(o);
  let result: { roundStatus: RoundStatus; repeated: boolean; notified: string[]; final: boolean };
  try {
    result = await o.db.$transaction(async (tx) => {
      const { draft } = await lockDraft(tx, o.actor, o.draftId);
      const round = await tx.signoffRound.findUnique({
        where: { id: o.roundId },
        include: {
          version: { select: { id: true, number: true, hash: true } },
          signoffs: { select: { signerId: true, stageIndex: true, decision: true } },
        },
      });
      if (!round || round.draftId !== draft.id) throw notFound();
      // The signer saw another version, or other content: refuse, store nothing.
      if (round.versionId !== o.versionId || round.version.hash !== o.hashSeen) throw new AppError("CONFLICT", "signoff.staleHash");
      if (round.signoffs.some((s) => s.signerId === o.actor.id)) return { roundStatus: round.status, repeated: true, notified: [], final: false };

      const stages = parseStages(round.stages);
      const verdict = signoffPolicy.sign(o.actor, { status: round.status, stages, decisions: round.signoffs });
      if (!verdict.ok) {
        if (verdict.reason === "notSigner") throw new AppError("FORBIDDEN", "signoff.notSigner");
        if (verdict.reason === "roundClosed") throw new AppError("CONFLICT", "signoff.roundClosed");
        throw new AppError("PRECONDITION_FAILED", "signoff.notYourTurn");
      }
      const signoff = await tx.signoff.create({
        data: {
          roundId: round.id, versionId: round.versionId, stageIndex: verdict.stageIndex, signerId: o.actor.id,
          decision: o.decision, comment: o.comment, hashSeen: o.hashSeen,
        },
        select: { id: true },
      });
      const progress = roundProgress(stages, [...round.signoffs, { signerId: o.actor.id, stageIndex: verdict.stageIndex, decision: o.decision }]);
      const now = new Date();
      let roundStatus: RoundStatus = "OPEN";
      let notified: string[] = [];
      if (o.decision === "RETURN") {
        roundStatus = "RETURNED";
        await tx.signoffRound.update({ where: { id: round.id }, data: { status: "RETURNED", completedAt: now } });
        await tx.draft.update({ where: { id: draft.id }, data: { status: "DRAFTING" } });
      } else if (progress.approved) {
        roundStatus = "APPROVED";
        await finalLock(tx, draft.id);
        await tx.signoffRound.update({ where: { id: round.id }, data: { status: "APPROVED", completedAt: now } });
        await tx.draft.update({ where: { id: draft.id }, data: { status: "FINAL", finalVersionId: round.versionId } });
      } else if (progress.current > verdict.stageIndex) {
        notified = await notifyStage(tx, { draftId: draft.id, roundId: round.id, actorId: o.actor.id, stage: stages[progress.current] });
      }
      await recordAuditEvent({
        tx, actorId: o.actor.id, type: "signoff.signed", target: { type: "Signoff", id: signoff.id },
        data: {
          draftId: draft.id, roundId: round.id, versionId: round.versionId, number: round.version.number, hash: round.version.hash,
          decision: o.decision, comment: o.comment, stageIndex: verdict.stageIndex, stageMet: progress.met[verdict.stageIndex] ?? false,
          roundStatus, reauth,
        },
        meta: o.meta,
      });
      if (roundStatus === "APPROVED") {
        const approvals = [...round.signoffs, { signerId: o.actor.id, stageIndex: verdict.stageIndex, decision: o.decision }].filter((s) => s.decision === "APPROVE");
        await recordAuditEvent({
          tx, actorId: o.actor.id, type: "signoff.finalized", target: { type: "DraftVersion", id: round.versionId },
          data: { draftId: draft.id, roundId: round.id, number: round.version.number, hash: round.version.hash, signers: approvals.map((s) => s.signerId) },
          meta: o.meta,
        });
      }
      return { roundStatus, repeated: false, notified, final: roundStatus === "APPROVED" };
    });
  } catch (e) {
    // Two submits racing past the check: the unique index kept one; the other changes nothing.
    if (!isUniqueViolation(e)) throw e;
    const round = await o.db.signoffRound.findUnique({ where: { id: o.roundId }, select: { status: true } });
    return { ok: true, roundStatus: round?.status ?? "OPEN", repeated: true };
  }
  if (result.final) await publishAccessChanged({ draftId: o.draftId });
  if (result.notified.length) await publishNotificationsChanged(result.notified);
  return { ok: true, roundStatus: result.roundStatus, repeated: result.repeated };
}
