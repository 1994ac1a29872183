import { describe, expect, it } from "vitest";
import type { Actor } from "./index";
import { signoffPolicy, type RoundFacts } from "./signoff";

const actor = (o: Partial<Actor> = {}): Actor => ({ id: "u", role: "MEMBER", disabled: false, memberships: [], ...o });
const round = (o: Partial<RoundFacts> = {}): RoundFacts => ({
  status: "OPEN",
  stages: [
    { name: "专委会主任", signerIds: ["h1", "h2"], threshold: "ALL" },
    { name: "副主席", signerIds: ["v1", "v2"], threshold: { k: 1 } },
    { name: "主席", signerIds: ["c"], threshold: { k: 1 } },
  ],
  decisions: [],
  ...o,
});

describe("sign-off policy", () => {
  it("lets only the owner freeze, set the rule and request, and never on a final draft", () => {
    for (const fn of [signoffPolicy.freeze, signoffPolicy.editRule, signoffPolicy.request]) {
      expect(fn("OWNER", "DRAFTING")).toBe(true);
      expect(fn("OWNER", "IN_REVIEW")).toBe(true);
      expect(fn("OWNER", "FINAL")).toBe(false);
      for (const role of ["EDITOR", "COMMENTER", "VIEWER", null] as const) expect(fn(role, "DRAFTING")).toBe(false);
    }
  });

  it("lets every reader see versions and status", () => {
    expect(signoffPolicy.read("VIEWER")).toBe(true);
    expect(signoffPolicy.read(null)).toBe(false);
  });

  it("lets the signers of the open stage sign, in order", () => {
    expect(signoffPolicy.sign(actor({ id: "h1" }), round())).toEqual({ ok: true, stageIndex: 0 });
    expect(signoffPolicy.sign(actor({ id: "v1" }), round())).toEqual({ ok: false, reason: "notYourTurn" });
    expect(signoffPolicy.sign(actor({ id: "x" }), round())).toEqual({ ok: false, reason: "notSigner" });
    const headsDone = round({
      decisions: [
        { signerId: "h1", stageIndex: 0, decision: "APPROVE" },
        { signerId: "h2", stageIndex: 0, decision: "APPROVE" },
      ],
    });
    expect(signoffPolicy.sign(actor({ id: "v2" }), headsDone)).toEqual({ ok: true, stageIndex: 1 });
    expect(signoffPolicy.sign(actor({ id: "h1" }), headsDone)).toEqual({ ok: false, reason: "notYourTurn" });
    expect(signoffPolicy.sign(actor({ id: "h1" }), round({ status: "RETURNED" }))).toEqual({ ok: false, reason: "roundClosed" });
    expect(signoffPolicy.sign(actor({ id: "h1", disabled: true }), round())).toEqual({ ok: false, reason: "notSigner" });
  });

  it("lets the owner or the chair reopen, nobody else", () => {
    expect(signoffPolicy.reopen(actor(), "OWNER")).toBe(true);
    expect(signoffPolicy.reopen(actor({ role: "CHAIR" }), "VIEWER")).toBe(true);
    expect(signoffPolicy.reopen(actor({ role: "VICE_CHAIR" }), "VIEWER")).toBe(false);
    expect(signoffPolicy.reopen(actor({ role: "ADMIN" }), "VIEWER")).toBe(false);
    expect(signoffPolicy.reopen(actor(), "EDITOR")).toBe(false);
    expect(signoffPolicy.reopen(actor({ role: "CHAIR", disabled: true }), "VIEWER")).toBe(false);
  });
});
