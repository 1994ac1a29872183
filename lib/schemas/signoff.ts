import { z } from "zod";
import { ZId, zLine, zText } from "./text";
import { RULE_LIMITS } from "@/lib/versions/rule";
import { VERSION_HASH_RE } from "@/lib/versions/canonical";

// Inputs of the versions and signoff procedures (server/api/routers/versions, signoff),
// shared with the forms. Messages are catalogue keys.

export const VERSION_LIMITS = { maxLabel: 20, maxNote: 500, maxComment: 2_000, maxReason: 500, maxPassword: 200 } as const;

/** Labels offered when freezing; any other short label is accepted too. */
export const VERSION_LABELS = ["征求意见稿", "送审稿", "定稿"] as const;

export const SIGNOFF_DECISIONS = ["APPROVE", "RETURN"] as const;
export const SIGNOFF_GATES = ["BLOCK", "WARN"] as const;

const ZHash = z.string().regex(VERSION_HASH_RE, "signoff.validation.hash");

export const ZFreeze = z.object({
  draftId: ZId,
  label: zLine().pipe(z.string().min(1, "signoff.validation.labelRequired").max(VERSION_LIMITS.maxLabel, "validation.tooLong")),
  note: zText().pipe(z.string().max(VERSION_LIMITS.maxNote, "validation.tooLong")).default(""),
});

export const ZVersionRef = z.object({ draftId: ZId, versionId: ZId });
export const ZVersionDiff = z.object({ draftId: ZId, fromVersionId: ZId, toVersionId: ZId });

export const ZThreshold = z.union([z.literal("ALL"), z.object({ k: z.number().int().min(1).max(RULE_LIMITS.maxSignersPerStage) })]);

export const ZStage = z.object({
  name: zLine().pipe(z.string().min(1, "signoff.validation.stageName").max(RULE_LIMITS.maxStageName, "validation.tooLong")),
  signerIds: z.array(ZId).min(1, "signoff.validation.noSigners").max(RULE_LIMITS.maxSignersPerStage, "validation.tooLong"),
  threshold: ZThreshold,
});

export const ZSetRule = z.object({
  draftId: ZId,
  stages: z.array(ZStage).min(1, "signoff.validation.noStages").max(RULE_LIMITS.maxStages, "validation.tooLong"),
  gate: z.enum(SIGNOFF_GATES),
});

export const ZRequest = z.object({ draftId: ZId, versionId: ZId, acknowledgeOpenThreads: z.boolean().optional() });

export const ZSign = z.object({
  draftId: ZId,
  roundId: ZId,
  versionId: ZId,
  hashSeen: ZHash,
  decision: z.enum(SIGNOFF_DECISIONS),
  comment: zText().pipe(z.string().max(VERSION_LIMITS.maxComment, "validation.tooLong")).default(""),
  /** Re-authentication; may be left out within 5 minutes of signing in. Never trimmed. */
  password: z.string().max(VERSION_LIMITS.maxPassword, "validation.tooLong").optional(),
}).refine((s) => s.decision !== "RETURN" || s.comment.length > 0, { path: ["comment"], message: "signoff.validation.returnNeedsComment" });

export const ZReopen = z.object({
  draftId: ZId,
  reason: zText().pipe(z.string().min(1, "signoff.validation.reasonRequired").max(VERSION_LIMITS.maxReason, "validation.tooLong")),
});
