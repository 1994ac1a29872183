import type { DraftRole, DraftStatus } from "../db/generated/enums";
import { isSignedIn, type Actor } from "./index";
import { roundProgress, type Stage } from "@/lib/versions/rule";

// Versions and sign-off (issue #9): who may freeze, set the rule, request, sign and reopen.
// Pure: the services load the draft, the caller's role (server/policy/drafts.ts) and the
// round, then ask here. State guards that need the database (an OPEN round exists, the hash
// matches) live in the services, inside their transactions.

export interface RoundFacts {
  status: "OPEN" | "APPROVED" | "RETURNED" | "SUPERSEDED" | "REOPENED";
  stages: Stage[];
  decisions: { signerId: string; stageIndex: number; decision: "APPROVE" | "RETURN" }[];
}

export type SignVerdict =
  | { ok: true; stageIndex: number }
  | { ok: false; reason: "roundClosed" | "notSigner" | "notYourTurn" };

export const signoffPolicy = {
  /** Versions, diffs, the rule and the round's status: everyone who reads the draft. */
  read: (role: DraftRole | null) => role !== null,
  /** Freezing a version: the owner, while the draft is not final. */
  freeze: (role: DraftRole | null, status: DraftStatus) => role === "OWNER" && status !== "FINAL",
  /** The rule: the owner (the state guard "no round OPEN" is the service's). */
  editRule: (role: DraftRole | null, status: DraftStatus) => role === "OWNER" && status !== "FINAL",
  request: (role: DraftRole | null, status: DraftStatus) => role === "OWNER" && status !== "FINAL",
  /** A signer must be able to read the draft they sign. */
  eligibleSigner: (role: DraftRole | null) => role !== null,
  /**
   * Signing: a signer of the first stage not yet met, on an OPEN round. A signer of a later
   * stage waits for their turn; someone named in no stage is not a signer.
   */
  sign(a: Actor | null, round: RoundFacts): SignVerdict {
    if (!isSignedIn(a)) return { ok: false, reason: "notSigner" };
    const inAny = round.stages.findIndex((s) => s.signerIds.includes(a.id));
    if (inAny < 0) return { ok: false, reason: "notSigner" };
    if (round.status !== "OPEN") return { ok: false, reason: "roundClosed" };
    const { current } = roundProgress(round.stages, round.decisions);
    if (current >= round.stages.length || !round.stages[current]!.signerIds.includes(a.id)) return { ok: false, reason: "notYourTurn" };
    return { ok: true, stageIndex: current };
  },
  /** Reopening a final draft: its owner or the chair (主席). (That it is FINAL is the service's state guard.) */
  reopen: (a: Actor | null, role: DraftRole | null) => isSignedIn(a) && role !== null && (role === "OWNER" || a.role === "CHAIR"),
};
