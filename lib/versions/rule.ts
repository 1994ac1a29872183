/**
 * Sign-off rules: ordered stages, each a set of signers and a threshold (all, or k of n).
 * Pure and shared: the server decides with it, the rule editor and the status view show it.
 */

export type Threshold = "ALL" | { k: number };

export interface Stage {
  name: string;
  signerIds: string[];
  threshold: Threshold;
}

export type Gate = "BLOCK" | "WARN";

export const RULE_LIMITS = { maxStages: 8, maxSignersPerStage: 50, maxStageName: 40 } as const;

/** Approvals a stage needs: all its signers, or k of them (never more than it has). */
export function requiredApprovals(stage: Stage): number {
  const n = stage.signerIds.length;
  return stage.threshold === "ALL" ? n : Math.min(Math.max(1, stage.threshold.k), n);
}

export function stageMet(stage: Stage, approverIds: ReadonlySet<string>): boolean {
  const approvals = stage.signerIds.filter((id) => approverIds.has(id)).length;
  return stage.signerIds.length > 0 && approvals >= requiredApprovals(stage);
}

export interface RoundProgress {
  /** Index of the first stage not yet met; stages.length when all are met. */
  current: number;
  met: boolean[];
  /** A signer of the round returned it. */
  returned: boolean;
  /** Every stage met and nothing returned. */
  approved: boolean;
}

/**
 * Where a round stands, from its stages and the decisions on its version. Only approvals
 * given in a stage's own turn count for it (stageIndex), so a later stage's signer cannot
 * meet an earlier stage.
 */
export function roundProgress(stages: readonly Stage[], decisions: readonly { signerId: string; stageIndex: number; decision: "APPROVE" | "RETURN" }[]): RoundProgress {
  const returned = decisions.some((d) => d.decision === "RETURN");
  const met = stages.map((stage, i) =>
    stageMet(stage, new Set(decisions.filter((d) => d.stageIndex === i && d.decision === "APPROVE").map((d) => d.signerId))),
  );
  let current = 0;
  while (current < stages.length && met[current]) current++;
  return { current, met, returned, approved: !returned && stages.length > 0 && current === stages.length };
}

/** Problems of a rule as catalogue keys (namespace signoff), empty when it is usable. */
export function ruleProblems(stages: readonly Stage[]): { key: string; stage?: number }[] {
  const problems: { key: string; stage?: number }[] = [];
  if (stages.length === 0) problems.push({ key: "signoff.validation.noStages" });
  const seen = new Set<string>();
  stages.forEach((s, i) => {
    if (s.signerIds.length === 0) problems.push({ key: "signoff.validation.noSigners", stage: i });
    if (new Set(s.signerIds).size !== s.signerIds.length) problems.push({ key: "signoff.validation.duplicateSigner", stage: i });
    if (s.threshold !== "ALL" && (s.threshold.k < 1 || s.threshold.k > s.signerIds.length)) problems.push({ key: "signoff.validation.threshold", stage: i });
    for (const id of s.signerIds) {
      if (seen.has(id)) problems.push({ key: "signoff.validation.signerInTwoStages", stage: i });
      seen.add(id);
    }
  });
  return problems;
}
