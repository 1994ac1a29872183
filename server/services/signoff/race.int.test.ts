import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { closeTestDatabase, useTestDatabase } from "../../test/db";
import { storedText } from "../../test/collab";
import type { Db } from "../../db/client";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { appendUpdate, loadDocState } from "../drafts/doc-store";
import { jsonFromYDoc } from "../drafts/content";
import { failure, sectionEdit, signoffFixture, SIDS, type SignoffFixture } from "./test-fixture";
import { canonicalContent, versionHash } from "@/lib/versions/canonical";
import type { PMJSONNode } from "@/lib/sections/outline";

// The race of issue #9: 50 concurrent edits, a freeze and sign-offs at once, one carrying a
// stale hash. That one gets 409; every sign-off stays attached to the version it was given
// for, with the hash its signer saw; a double submit stores one; the version frozen in the
// middle is exactly the Yjs state it came from.

let db: Db;
let f: SignoffFixture;

beforeAll(async () => {
  db = useTestDatabase();
  f = await signoffFixture(db);
});
afterAll(closeTestDatabase);

const SECTION_CYCLE = [SIDS.yi, SIDS.er, SIDS.san] as const;

/** Three signers in the first stage (all), the chair after them. */
async function roundOnV2() {
  const draft = await f.newDraft();
  const draftId = draft.id;
  const owner = await f.as(f.people.owner);
  await owner.signoff.setRule({
    draftId,
    gate: "BLOCK",
    stages: [
      { name: "第一步", signerIds: [f.people.head.id, f.people.vice1.id, f.people.vice2.id], threshold: "ALL" },
      { name: "主席", signerIds: [f.people.chair.id], threshold: { k: 1 } },
    ],
  });
  const vA = await owner.versions.freeze({ draftId, label: "征求意见稿", note: "" });
  const base = new Y.Doc();
  Y.applyUpdate(base, (await loadDocState({ db, draftId })).state);
  await appendUpdate({ db, draftId, update: sectionEdit(base, SIDS.er, "（修改一）"), userId: f.people.owner.id });
  const vB = await owner.versions.freeze({ draftId, label: "送审稿", note: "" });
  const { roundId } = await owner.signoff.request({ draftId, versionId: vB.versionId });
  return { draftId, owner, vA, vB, roundId };
}

/** n updates made concurrently by n clients from the same stored state, each adding a marker. */
async function concurrentEdits(draftId: string, n: number) {
  const state = (await loadDocState({ db, draftId })).state;
  return Array.from({ length: n }, (_, i) => {
    const client = new Y.Doc();
    Y.applyUpdate(client, state);
    const update = sectionEdit(client, SECTION_CYCLE[i % 3]!, `〔编辑${i}〕`);
    client.destroy();
    return update;
  });
}

describe("race: edits, a freeze and sign-offs at once", () => {
  it("409 for the stale hash only, sign-offs stay with their version, a double submit stores one", async () => {
    const { draftId, owner, vA, vB, roundId } = await roundOnV2();
    const [head, vice1, vice2] = await Promise.all([f.as(f.people.head), f.as(f.people.vice1), f.as(f.people.vice2)]);
    const sign = (c: typeof head, hashSeen: string) =>
      c.signoff.sign({ draftId, roundId, versionId: vB.versionId, hashSeen, decision: "APPROVE", comment: "" });
    const edits = await concurrentEdits(draftId, 50);

    const [stored, freeze, headFirst, headAgain, vice1Result, stale] = await Promise.all([
      Promise.allSettled(edits.map((update, i) => appendUpdate({ db, draftId, update, userId: i % 2 ? f.people.owner.id : f.people.head.id }))),
      owner.versions.freeze({ draftId, label: "送审稿", note: "编辑进行中冻结" }),
      sign(head, vB.hash),
      sign(head, vB.hash), // the double submit
      sign(vice1, vB.hash),
      failure(sign(vice2, vA.hash)), // saw the previous version
    ]);

    // Every edit was stored (the draft is not final), in any order.
    expect(stored.filter((s) => s.status === "rejected")).toEqual([]);
    const text = await storedText(db, draftId);
    for (let i = 0; i < 50; i++) expect(text).toContain(`〔编辑${i}〕`);

    // The stale hash, and only it, is a conflict.
    expect(stale).toMatchObject({ code: "CONFLICT", key: "signoff.staleHash" });
    expect([headFirst, headAgain, vice1Result].every((r) => r.ok && r.roundStatus === "OPEN")).toBe(true);
    expect([headFirst.repeated, headAgain.repeated].sort()).toEqual([false, true]);

    // The sign-offs: one per signer, all on the version the round is for, with its hash.
    const rows = await db.signoff.findMany({ where: { version: { draftId } }, select: { versionId: true, roundId: true, signerId: true, hashSeen: true } });
    expect(rows.map((r) => r.signerId).sort()).toEqual([f.people.head.id, f.people.vice1.id].sort());
    for (const r of rows) expect(r).toMatchObject({ versionId: vB.versionId, roundId, hashSeen: vB.hash });

    // The version frozen in the middle is exactly the Yjs state it came from, and nobody signed it.
    expect(freeze.number).toBe(3);
    const vC = await db.draftVersion.findUniqueOrThrow({ where: { id: freeze.versionId } });
    const fromState = new Y.Doc();
    Y.applyUpdate(fromState, vC.yState);
    expect(canonicalContent(jsonFromYDoc(fromState))).toEqual(vC.content);
    expect(versionHash({ draftId, number: 3, title: vC.title, content: vC.content as unknown as PMJSONNode })).toBe(vC.hash);
    expect(await db.signoff.count({ where: { versionId: vC.id } })).toBe(0);

    // The round goes on with the version it was requested for: 定稿 is vB, not the newer vC.
    await vice2.signoff.sign({ draftId, roundId, versionId: vB.versionId, hashSeen: vB.hash, decision: "APPROVE", comment: "" });
    await (await f.as(f.people.chair)).signoff.sign({ draftId, roundId, versionId: vB.versionId, hashSeen: vB.hash, decision: "APPROVE", comment: "" });
    expect(await db.draft.findUniqueOrThrow({ where: { id: draftId } })).toMatchObject({ status: "FINAL", finalVersionId: vB.versionId });
    expect((await verifyAuditChain({ db })).ok).toBe(true);
  });

  it("a newer request racing sign-offs: each signature lands on its round's version or is refused, never on the new one", async () => {
    const { draftId, owner, vB, roundId } = await roundOnV2();
    await Promise.all((await concurrentEdits(draftId, 10)).map((update) => appendUpdate({ db, draftId, update, userId: null })));
    const vC = await owner.versions.freeze({ draftId, label: "送审稿", note: "" });
    const signers = await Promise.all([f.as(f.people.head), f.as(f.people.vice1), f.as(f.people.vice2)]);
    const results = await Promise.allSettled([
      owner.signoff.request({ draftId, versionId: vC.versionId }),
      ...signers.map((c) => c.signoff.sign({ draftId, roundId, versionId: vB.versionId, hashSeen: vB.hash, decision: "APPROVE", comment: "" })),
    ]);
    expect(results[0]!.status).toBe("fulfilled");
    const signed = results.slice(1);
    for (const r of signed) {
      if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "CONFLICT", cause: { messageKey: "signoff.roundClosed" } });
    }
    const rows = await db.signoff.findMany({ where: { version: { draftId } }, select: { versionId: true, roundId: true, hashSeen: true } });
    expect(rows).toHaveLength(signed.filter((r) => r.status === "fulfilled").length);
    for (const r of rows) expect(r).toEqual({ versionId: vB.versionId, roundId, hashSeen: vB.hash });
    expect(await db.signoffRound.findUniqueOrThrow({ where: { id: roundId } })).toMatchObject({ status: "SUPERSEDED" });
    expect(await db.signoffRound.count({ where: { draftId, status: "OPEN" } })).toBe(1);
  });
});
