import type { Db, Tx } from "../../db/client";
import type { DraftRole, DraftStatus } from "../../db/generated/enums";
import { AppError, notFound } from "../../errors";
import { draftRole } from "../../policy/drafts";
import { signoffPolicy, type RoundFacts } from "../../policy/signoff";
import { recordAuditEvent } from "../audit/record-audit-event";
import { publishNotificationsChanged } from "../events";
import { lockDraft, namesOf, parseStages, refuse, type SignoffCtx } from "./common";
import { assertRuleUsable, effectiveRule } from "./rule";
import { diffSectionHashes } from "@/lib/versions/diff";
import type { SectionHashes } from "@/lib/versions/sections";
import { requiredApprovals, roundProgress, type Stage } from "@/lib/versions/rule";

// Sign-off rounds: requesting sign-off on a version (gate on open threads, the rule frozen
// into the round, the first stage notified), the round's status with what changed for me since
// the version I last signed off (approved or returned), and 工作台's list of rounds waiting for
// my signature.

/** SIGNOFF_REQUEST notifications for the signers of a stage that just opened (not the actor). */
export async function notifyStage(tx: Tx, o: { draftId: string; roundId: string; actorId: string; stage: Stage | undefined }): Promise<string[]> {
  const recipients = [...new Set(o.stage?.signerIds ?? [])].filter((id) => id !== o.actorId);
  if (recipients.length) {
    await tx.notification.createMany({
      data: recipients.map((userId) => ({ userId, type: "SIGNOFF_REQUEST" as const, draftId: o.draftId, roundId: o.roundId, actorId: o.actorId })),
    });
  }
  return recipients;
}

/** Threads that block (or warn before) a request: open and without a disposition. */
export function openThreadsWithoutDisposition(db: Db | Tx, draftId: string) {
  return db.commentThread.count({ where: { draftId, status: "OPEN", disposition: null } });
}

export async function requestSignoff(o: SignoffCtx & { draftId: string; versionId: string; acknowledgeOpenThreads?: boolean }) {
  const result = await o.db.$transaction(async (tx) => {
    const { draft, role } = await lockDraft(tx, o.actor, o.draftId);
    if (!signoffPolicy.request(role, draft.status)) throw refuse(draft.status);
    const version = await tx.draftVersion.findUnique({
      where: { id: o.versionId },
      select: { id: true, draftId: true, number: true, hash: true, round: { select: { id: true, status: true } } },
    });
    if (!version || version.draftId !== draft.id) throw notFound();
    // A repeated request (double click) for the version already under sign-off changes nothing.
    if (version.round?.status === "OPEN") return { roundId: version.round.id, notified: [] as string[] };
    if (version.round) throw new AppError("PRECONDITION_FAILED", "signoff.versionHadRound");
    const latest = await tx.draftVersion.findFirst({ where: { draftId: draft.id }, orderBy: { number: "desc" }, select: { id: true } });
    if (latest?.id !== version.id) throw new AppError("PRECONDITION_FAILED", "signoff.notLatest");

    const rule = await effectiveRule(tx, draft);
    const openThreads = await openThreadsWithoutDisposition(tx, draft.id);
    if (openThreads > 0 && rule.gate === "BLOCK") throw new AppError("PRECONDITION_FAILED", "signoff.openThreads", { count: openThreads });
    if (openThreads > 0 && !o.acknowledgeOpenThreads) throw new AppError("PRECONDITION_FAILED", "signoff.openThreadsWarn", { count: openThreads });
    await assertRuleUsable(tx, draft, rule.stages);

    const superseded = await tx.signoffRound.findFirst({ where: { draftId: draft.id, status: "OPEN" }, select: { id: true } });
    if (superseded) await tx.signoffRound.update({ where: { id: superseded.id }, data: { status: "SUPERSEDED", completedAt: new Date() } });
    const round = await tx.signoffRound.create({
      data: { draftId: draft.id, versionId: version.id, requestedById: o.actor.id, stages: rule.stages as object[] },
      select: { id: true },
    });
    await tx.draft.update({ where: { id: draft.id }, data: { status: "IN_REVIEW" } });
    const notified = await notifyStage(tx, { draftId: draft.id, roundId: round.id, actorId: o.actor.id, stage: rule.stages[0] });
    await recordAuditEvent({
      tx, actorId: o.actor.id, type: "signoff.requested", target: { type: "SignoffRound", id: round.id },
      data: {
        draftId: draft.id, versionId: version.id, number: version.number, hash: version.hash,
        stages: rule.stages, gate: rule.gate, openThreads, acknowledgedOpenThreads: openThreads > 0, supersededRoundId: superseded?.id ?? null,
      },
      meta: o.meta,
    });
    return { roundId: round.id, notified };
  });
  if (result.notified.length) await publishNotificationsChanged(result.notified);
  return { roundId: result.roundId };
}

type Decision = "APPROVE" | "RETURN";

/** The draft's latest round (any status) with each stage's signers and decisions, and where I stand. */
export async function signoffStatus(o: SignoffCtx & { role: DraftRole; draft: { id: string } }) {
  const round = await o.db.signoffRound.findFirst({
    where: { draftId: o.draft.id },
    orderBy: [{ requestedAt: "desc" }, { id: "desc" }],
    include: {
      version: { select: { id: true, number: true, label: true, hash: true, sectionHashes: true } },
      signoffs: { select: { signerId: true, stageIndex: true, decision: true, comment: true, createdAt: true } },
    },
  });
  const noMine = { canSign: false, stageIndex: null as number | null, decision: null as Decision | null, lastSignedVersion: null as { id: string; number: number; decision: Decision } | null, changedSinceMySignature: [] as { sid: string; label: string; title: string; status: string }[] };
  if (!round) return { round: null, mine: noMine };

  const stages = parseStages(round.stages);
  const facts: RoundFacts = { status: round.status, stages, decisions: round.signoffs };
  const progress = roundProgress(stages, round.signoffs);
  const people = await namesOf(o.db, stages.flatMap((s) => s.signerIds));
  const bySigner = new Map(round.signoffs.map((s) => [s.signerId, s]));

  const myStage = stages.findIndex((s) => s.signerIds.includes(o.actor.id));
  const mySignoff = bySigner.get(o.actor.id);
  let lastSignedVersion: typeof noMine.lastSignedVersion = null;
  let changed: typeof noMine.changedSinceMySignature = [];
  if (myStage >= 0) {
    // The version I last reviewed, whether I approved or returned it: a signer who returned
    // the previous version reads what changed since, not the whole text as if new to it.
    const last = await o.db.signoff.findFirst({
      where: { signerId: o.actor.id, version: { draftId: o.draft.id, number: { lt: round.version.number } } },
      orderBy: [{ version: { number: "desc" } }, { createdAt: "desc" }],
      select: { decision: true, version: { select: { id: true, number: true, sectionHashes: true } } },
    });
    if (last) {
      lastSignedVersion = { id: last.version.id, number: last.version.number, decision: last.decision };
      changed = diffSectionHashes(last.version.sectionHashes as unknown as SectionHashes, round.version.sectionHashes as unknown as SectionHashes)
        .filter((d) => d.status !== "unchanged")
        .map((d) => ({ sid: d.sid, label: d.label, title: d.title, status: d.status }));
    }
  }

  return {
    round: {
      id: round.id,
      versionId: round.version.id,
      versionNumber: round.version.number,
      versionLabel: round.version.label,
      versionHash: round.version.hash,
      status: round.status,
      requestedAt: round.requestedAt,
      completedAt: round.completedAt,
      stages: stages.map((stage, i) => ({
        name: stage.name,
        threshold: stage.threshold,
        required: requiredApprovals(stage),
        signers: stage.signerIds.map((id) => {
          const s = bySigner.get(id);
          const decided = s && s.stageIndex === i ? s : undefined;
          return { id, name: people.get(id)?.name ?? "", decision: decided?.decision ?? null, at: decided?.createdAt ?? null, comment: decided?.comment ?? "" };
        }),
        met: progress.met[i] ?? false,
        open: round.status === "OPEN" && progress.current === i,
      })),
    },
    mine: {
      canSign: !mySignoff && signoffPolicy.sign(o.actor, facts).ok,
      stageIndex: myStage >= 0 ? myStage : null,
      decision: mySignoff?.decision ?? null,
      lastSignedVersion,
      changedSinceMySignature: changed,
    },
  };
}

/** 工作台: OPEN rounds whose open stage names me and that I have not signed yet. */
export async function waitingSignoffs(o: SignoffCtx) {
  const ids = await o.db.$queryRaw<{ id: string }[]>`
    SELECT r."id" FROM "SignoffRound" r
    WHERE r."status" = 'OPEN'
      AND EXISTS (SELECT 1 FROM jsonb_array_elements(r."stages") s WHERE (s->'signerIds') @> jsonb_build_array(${o.actor.id}::text))`;
  if (!ids.length) return [];
  const rounds = await o.db.signoffRound.findMany({
    where: { id: { in: ids.map((r) => r.id) } },
    orderBy: { requestedAt: "asc" },
    include: {
      version: { select: { number: true, label: true } },
      signoffs: { select: { signerId: true, stageIndex: true, decision: true } },
      draft: { select: { id: true, title: true, deadline: true, ownerId: true, committeeId: true, status: true, members: { where: { userId: o.actor.id }, select: { role: true } } } },
    },
  });
  const out: { draftId: string; draftTitle: string; versionNumber: number; versionLabel: string; deadline: Date | null; roundId: string; stageName: string; requestedAt: Date }[] = [];
  for (const r of rounds) {
    const d = r.draft;
    const role = draftRole(o.actor, { ownerId: d.ownerId, committeeId: d.committeeId, status: d.status as DraftStatus, explicitRole: d.members[0]?.role ?? null });
    if (!signoffPolicy.read(role)) continue;
    if (r.signoffs.some((s) => s.signerId === o.actor.id)) continue;
    const stages = parseStages(r.stages);
    const verdict = signoffPolicy.sign(o.actor, { status: r.status, stages, decisions: r.signoffs });
    if (!verdict.ok) continue;
    out.push({
      draftId: d.id, draftTitle: d.title, versionNumber: r.version.number, versionLabel: r.version.label,
      deadline: d.deadline, roundId: r.id, stageName: stages[verdict.stageIndex]?.name ?? "", requestedAt: r.requestedAt,
    });
  }
  return out;
}
