import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { closeTestDatabase, useTestDatabase } from "@/server/test/db";
import { signoffFixture, type SignoffFixture } from "@/server/services/signoff/test-fixture";

// Every versions and sign-off procedure, called on a REAL draft (real versions and rounds) as
// an outsider, a reader (a committee member, COMMENTER), a signer (the committee head, EDITOR)
// and the owner — the authorization table (authorization.int.test.ts) only reaches them with a
// missing draft. Hidden drafts are NOT_FOUND; readers read; only the owner freezes, sets the
// rule and requests; only signers sign; the owner (or the chair) reopens.

type Who = "outsider" | "reader" | "signer" | "owner";
type Outcome = "ok" | "NOT_FOUND" | "FORBIDDEN";
type Caller = Awaited<ReturnType<SignoffFixture["as"]>>;

let f: SignoffFixture;
const callers = {} as Record<Who, Caller>;

/** A draft with the committee rule and v1 under sign-off (or final, after every stage signed). */
async function setup(o: { final?: boolean; request?: boolean } = {}) {
  const draft = await f.newDraft();
  const owner = callers.owner;
  await owner.signoff.setRule({ draftId: draft.id, ...f.committeeRule });
  const v1 = await owner.versions.freeze({ draftId: draft.id, label: "征求意见稿", note: "" });
  if (o.request === false) return { draftId: draft.id, v1, roundId: "" };
  const { roundId } = await owner.signoff.request({ draftId: draft.id, versionId: v1.versionId });
  if (o.final) {
    for (const who of [f.people.head, f.people.vice1, f.people.chair]) {
      await (await f.as(who)).signoff.sign({ draftId: draft.id, roundId, versionId: v1.versionId, hashSeen: v1.hash, decision: "APPROVE", comment: "" });
    }
  }
  return { draftId: draft.id, v1, roundId };
}

beforeAll(async () => {
  const db = useTestDatabase();
  f = await signoffFixture(db);
  callers.outsider = await f.as(f.people.outsider);
  callers.reader = await f.as(f.people.member);
  callers.signer = await f.as(f.people.head);
  callers.owner = await f.as(f.people.owner);
});
afterAll(closeTestDatabase);

const ROWS: Record<string, { expect: Record<Who, Outcome>; call: (c: Caller) => Promise<unknown> }> = {
  "versions.freeze": {
    expect: { outsider: "NOT_FOUND", reader: "FORBIDDEN", signer: "FORBIDDEN", owner: "ok" },
    call: async (c) => c.versions.freeze({ draftId: (await setup({ request: false })).draftId, label: "送审稿", note: "" }),
  },
  "versions.list": {
    expect: { outsider: "NOT_FOUND", reader: "ok", signer: "ok", owner: "ok" },
    call: async (c) => c.versions.list({ draftId: (await setup({ request: false })).draftId }),
  },
  "versions.get": {
    expect: { outsider: "NOT_FOUND", reader: "ok", signer: "ok", owner: "ok" },
    call: async (c) => {
      const s = await setup({ request: false });
      return c.versions.get({ draftId: s.draftId, versionId: s.v1.versionId });
    },
  },
  "versions.diff": {
    expect: { outsider: "NOT_FOUND", reader: "ok", signer: "ok", owner: "ok" },
    call: async (c) => {
      const s = await setup({ request: false });
      const v2 = await callers.owner.versions.freeze({ draftId: s.draftId, label: "送审稿", note: "" });
      return c.versions.diff({ draftId: s.draftId, fromVersionId: s.v1.versionId, toVersionId: v2.versionId });
    },
  },
  "signoff.rule": {
    expect: { outsider: "NOT_FOUND", reader: "ok", signer: "ok", owner: "ok" },
    call: async (c) => c.signoff.rule({ draftId: (await setup({ request: false })).draftId }),
  },
  "signoff.setRule": {
    expect: { outsider: "NOT_FOUND", reader: "FORBIDDEN", signer: "FORBIDDEN", owner: "ok" },
    call: async (c) => c.signoff.setRule({ draftId: (await setup({ request: false })).draftId, ...f.committeeRule, gate: "WARN" }),
  },
  "signoff.request": {
    expect: { outsider: "NOT_FOUND", reader: "FORBIDDEN", signer: "FORBIDDEN", owner: "ok" },
    call: async (c) => {
      const s = await setup({ request: false });
      return c.signoff.request({ draftId: s.draftId, versionId: s.v1.versionId });
    },
  },
  "signoff.status": {
    expect: { outsider: "NOT_FOUND", reader: "ok", signer: "ok", owner: "ok" },
    call: async (c) => c.signoff.status({ draftId: (await setup()).draftId }),
  },
  "signoff.sign": {
    // Only the signers of the open stage: the owner is not one here.
    expect: { outsider: "NOT_FOUND", reader: "FORBIDDEN", signer: "ok", owner: "FORBIDDEN" },
    call: async (c) => {
      const s = await setup();
      return c.signoff.sign({ draftId: s.draftId, roundId: s.roundId, versionId: s.v1.versionId, hashSeen: s.v1.hash, decision: "APPROVE", comment: "" });
    },
  },
  "signoff.reopen": {
    expect: { outsider: "NOT_FOUND", reader: "FORBIDDEN", signer: "FORBIDDEN", owner: "ok" },
    call: async (c) => c.signoff.reopen({ draftId: (await setup({ final: true })).draftId, reason: "授权测试" }),
  },
  "signoff.waiting": {
    expect: { outsider: "ok", reader: "ok", signer: "ok", owner: "ok" },
    call: (c) => c.signoff.waiting(),
  },
};

describe("versions and sign-off procedures on a real draft", () => {
  it("has a row for every versions.* and signoff.* procedure", async () => {
    const { appRouter } = await import("./root");
    const paths = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith("versions.") || p.startsWith("signoff."));
    expect(paths.sort()).toEqual(Object.keys(ROWS).sort());
  });

  describe.each(Object.entries(ROWS))("%s", (path, row) => {
    it.each(["outsider", "reader", "signer", "owner"] as const)("as %s", async (who) => {
      let got: Outcome | string = "ok";
      try {
        await row.call(callers[who]);
      } catch (e) {
        got = e instanceof TRPCError ? e.code : String(e);
      }
      expect(got, `${path} as ${who}`).toBe(row.expect[who]);
    });
  });
});
