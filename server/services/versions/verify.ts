import type { Db } from "../../db/client";
import { parseStages } from "../signoff/common";
import { VERSION_HASH_RE } from "@/lib/versions/canonical";

// /verify/<hash> (public, no sign-in): does a version with this hash exist, is it final, since
// when, and who signed it — names and decisions only, nothing of the content, no ids.

export interface VersionVerification {
  hash: string;
  title: string;
  number: number;
  label: string;
  frozenAt: Date;
  /** It is the draft's final version now. */
  final: boolean;
  /** When its sign-off round completed with every stage met (also after a reopen). */
  finalAt: Date | null;
  /** It was final and has been reopened since. */
  reopened: boolean;
  signers: { name: string; stage: string; decision: "APPROVE" | "RETURN"; at: Date }[];
}

export async function verifyVersionHash(o: { db: Db; hash: string }): Promise<VersionVerification | null> {
  const hash = o.hash.trim().toLowerCase();
  if (!VERSION_HASH_RE.test(hash)) return null;
  const v = await o.db.draftVersion.findUnique({
    where: { hash },
    select: {
      id: true, hash: true, title: true, number: true, label: true, createdAt: true,
      finalOf: { select: { id: true } },
      round: { select: { status: true, completedAt: true, stages: true } },
      signoffs: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { stageIndex: true, decision: true, createdAt: true, signer: { select: { name: true } } } },
    },
  });
  if (!v) return null;
  const stages = parseStages(v.round?.stages);
  const wasApproved = v.round?.status === "APPROVED" || v.round?.status === "REOPENED";
  return {
    hash: v.hash,
    title: v.title,
    number: v.number,
    label: v.label,
    frozenAt: v.createdAt,
    final: v.finalOf !== null,
    finalAt: wasApproved ? (v.round?.completedAt ?? null) : null,
    reopened: v.round?.status === "REOPENED",
    signers: v.signoffs.map((s) => ({ name: s.signer.name, stage: stages[s.stageIndex]?.name ?? "", decision: s.decision, at: s.createdAt })),
  };
}
