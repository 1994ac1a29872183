import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTestDatabase, useTestDatabase } from "../../test/db";
import type { Db } from "../../db/client";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { verifyVersionHash } from "../versions/verify";
import { editSection, failure, signoffFixture, SIDS, type SignoffFixture } from "./test-fixture";
import { versionHash } from "@/lib/versions/canonical";
import { sidesOf } from "@/lib/versions/chars";
import type { PMJSONNode } from "@/lib/sections/outline";

// Versions and sign-off at procedure level, through the real routers and services on a real
// database: the whole path of issue #9, the gate, stale hashes, double submits, the rule lock,
// re-authentication and reopening.

let db: Db;
let f: SignoffFixture;

beforeAll(async () => {
  db = useTestDatabase();
  f = await signoffFixture(db);
});
afterAll(closeTestDatabase);

describe("the whole path", () => {
  it("v1 → head approves → vice-chair returns → 二 edited → v2 → only 二 changed → re-signed → 定稿", async () => {
    const draftId = f.draft.id;
    const owner = await f.as(f.people.owner);
    const head = await f.as(f.people.head);
    const vice1 = await f.as(f.people.vice1);
    const vice2 = await f.as(f.people.vice2);
    const chair = await f.as(f.people.chair);
    await owner.signoff.setRule({ draftId, ...f.committeeRule });

    // Freeze v1: canonical content, its hash, one hash per section.
    const v1 = await owner.versions.freeze({ draftId, label: "征求意见稿", note: "首次征求意见" });
    expect(v1.number).toBe(1);
    const stored1 = await db.draftVersion.findUniqueOrThrow({ where: { id: v1.versionId } });
    expect(versionHash({ draftId, number: 1, title: f.draft.title, content: stored1.content as unknown as PMJSONNode })).toBe(v1.hash);
    expect(Object.keys(stored1.sectionHashes as object)).toEqual(expect.arrayContaining([SIDS.yi, SIDS.er, SIDS.san]));

    // Request: the head is notified and sees it waiting; the vice-chairs not yet.
    const r1 = await owner.signoff.request({ draftId, versionId: v1.versionId });
    expect((await db.draft.findUniqueOrThrow({ where: { id: draftId } })).status).toBe("IN_REVIEW");
    expect(await head.signoff.waiting()).toEqual([expect.objectContaining({ draftId, roundId: r1.roundId, versionNumber: 1, stageName: "专委会主任" })]);
    expect(await vice1.signoff.waiting()).toEqual([]);
    const bell = await head.notifications.list({ limit: 5 });
    expect(bell.items[0]).toMatchObject({ type: "SIGNOFF_REQUEST", draftId, draftTitle: f.draft.title, roundId: r1.roundId, read: false });
    expect(await failure(vice1.signoff.sign({ draftId, roundId: r1.roundId, versionId: v1.versionId, hashSeen: v1.hash, decision: "APPROVE", comment: "" })))
      .toMatchObject({ code: "PRECONDITION_FAILED", key: "signoff.notYourTurn" });

    // The head approves with the password; the vice-chairs' stage opens.
    expect(await head.signoff.sign({ draftId, roundId: r1.roundId, versionId: v1.versionId, hashSeen: v1.hash, decision: "APPROVE", comment: "同意", password: f.people.head.password }))
      .toEqual({ ok: true, roundStatus: "OPEN", repeated: false });
    expect((await vice1.signoff.waiting()).map((w) => w.stageName)).toEqual(["副主席"]);
    expect((await vice2.notifications.list({ limit: 5 })).items[0]).toMatchObject({ type: "SIGNOFF_REQUEST", roundId: r1.roundId });

    // A vice-chair returns it with a comment: the round closes, the draft is editable again.
    expect(await vice1.signoff.sign({ draftId, roundId: r1.roundId, versionId: v1.versionId, hashSeen: v1.hash, decision: "RETURN", comment: "第二部分再充实" }))
      .toMatchObject({ ok: true, roundStatus: "RETURNED" });
    expect((await db.draft.findUniqueOrThrow({ where: { id: draftId } })).status).toBe("DRAFTING");
    expect(await vice2.signoff.waiting()).toEqual([]);

    // The owner edits section 二 (a Yjs update stored like the collab server stores one) and freezes v2.
    await editSection(db, { draftId, sid: SIDS.er, append: "推动居家社区机构养老融合发展。", userId: f.people.owner.id });
    const v2 = await owner.versions.freeze({ draftId, label: "送审稿", note: "" });
    expect(v2.number).toBe(2);
    expect(v2.hash).not.toBe(v1.hash);

    // The diff shows only 二 changed, with the inserted words.
    const diff = await head.versions.diff({ draftId, fromVersionId: v1.versionId, toVersionId: v2.versionId });
    expect(diff.sections.filter((s) => s.status !== "unchanged").map((s) => [s.sid, s.status, s.label])).toEqual([[SIDS.er, "changed", "二、"]]);
    const er = diff.sections.find((s) => s.sid === SIDS.er)!;
    expect(er.chars!.filter((c) => c.op !== "eq")).toEqual([{ op: "ins", text: "推动居家社区机构养老融合发展。" }]);
    expect(sidesOf(er.chars!).to).toBe("主要任务\n完善服务网络。推动居家社区机构养老融合发展。");

    // Round 2: the head sees "二 changed since your approval" and signs again.
    const r2 = await owner.signoff.request({ draftId, versionId: v2.versionId });
    const seen = await head.signoff.status({ draftId });
    expect(seen.round).toMatchObject({ id: r2.roundId, versionId: v2.versionId, versionNumber: 2, versionHash: v2.hash, status: "OPEN" });
    expect(seen.mine).toMatchObject({ canSign: true, stageIndex: 0, lastSignedVersion: { id: v1.versionId, number: 1, decision: "APPROVE" } });
    expect(seen.mine.changedSinceMySignature).toEqual([{ sid: SIDS.er, label: "二、", title: "主要任务", status: "changed" }]);
    // The vice-chair who returned v1 is not told it is her first sign-off: she too sees what
    // changed since the version she last reviewed (and that she returned it).
    const returner = await vice1.signoff.status({ draftId });
    expect(returner.mine).toMatchObject({ stageIndex: 1, lastSignedVersion: { id: v1.versionId, number: 1, decision: "RETURN" } });
    expect(returner.mine.changedSinceMySignature).toEqual([{ sid: SIDS.er, label: "二、", title: "主要任务", status: "changed" }]);
    // The other vice-chair never signed v1: first time for him.
    expect((await vice2.signoff.status({ draftId })).mine).toMatchObject({ stageIndex: 1, lastSignedVersion: null, changedSinceMySignature: [] });
    // Signing v2 with the hash of what they saw before (v1) is refused, and nothing is stored.
    expect(await failure(head.signoff.sign({ draftId, roundId: r2.roundId, versionId: v2.versionId, hashSeen: v1.hash, decision: "APPROVE", comment: "" })))
      .toMatchObject({ code: "CONFLICT", key: "signoff.staleHash" });
    expect(await db.signoff.count({ where: { versionId: v2.versionId } })).toBe(0);
    await head.signoff.sign({ draftId, roundId: r2.roundId, versionId: v2.versionId, hashSeen: v2.hash, decision: "APPROVE", comment: "" });
    await vice2.signoff.sign({ draftId, roundId: r2.roundId, versionId: v2.versionId, hashSeen: v2.hash, decision: "APPROVE", comment: "" });
    const midway = await chair.signoff.status({ draftId });
    expect(midway.round!.stages.map((s) => [s.name, s.met, s.open])).toEqual([["专委会主任", true, false], ["副主席", true, false], ["主席", false, true]]);
    expect(midway.round!.stages[1]!.signers.map((s) => s.decision)).toEqual([null, "APPROVE"]);
    expect(await chair.signoff.sign({ draftId, roundId: r2.roundId, versionId: v2.versionId, hashSeen: v2.hash, decision: "APPROVE", comment: "同意定稿" }))
      .toEqual({ ok: true, roundStatus: "APPROVED", repeated: false });

    // 定稿: the draft is FINAL with v2 as its final version; v1's sign-offs stay with v1.
    const draft = await db.draft.findUniqueOrThrow({ where: { id: draftId } });
    expect(draft).toMatchObject({ status: "FINAL", finalVersionId: v2.versionId });
    const byVersion = await db.signoff.findMany({ orderBy: { createdAt: "asc" }, where: { version: { draftId } }, select: { versionId: true, signerId: true, decision: true, hashSeen: true } });
    expect(byVersion).toEqual([
      { versionId: v1.versionId, signerId: f.people.head.id, decision: "APPROVE", hashSeen: v1.hash },
      { versionId: v1.versionId, signerId: f.people.vice1.id, decision: "RETURN", hashSeen: v1.hash },
      { versionId: v2.versionId, signerId: f.people.head.id, decision: "APPROVE", hashSeen: v2.hash },
      { versionId: v2.versionId, signerId: f.people.vice2.id, decision: "APPROVE", hashSeen: v2.hash },
      { versionId: v2.versionId, signerId: f.people.chair.id, decision: "APPROVE", hashSeen: v2.hash },
    ]);
    const list = await f.as(f.people.member).then((m) => m.versions.list({ draftId }));
    expect(list.map((v) => [v.number, v.label, v.final, v.round?.status])).toEqual([[2, "送审稿", true, "APPROVED"], [1, "征求意见稿", false, "RETURNED"]]);

    // /verify/<hash>: final, when, and the three signers by name.
    const verified = await verifyVersionHash({ db, hash: v2.hash });
    expect(verified).toMatchObject({ final: true, reopened: false, number: 2, label: "送审稿", title: f.draft.title });
    expect(verified!.finalAt).toBeInstanceOf(Date);
    expect(verified!.signers.map((s) => [s.name, s.decision])).toEqual([
      [f.people.head.name, "APPROVE"], [f.people.vice2.name, "APPROVE"], [f.people.chair.name, "APPROVE"],
    ]);
    expect(await verifyVersionHash({ db, hash: v1.hash })).toMatchObject({ final: false, finalAt: null });
    expect(await verifyVersionHash({ db, hash: "0".repeat(64) })).toBeNull();
    expect(await verifyVersionHash({ db, hash: "not-a-hash" })).toBeNull();

    // A final draft takes no new version; every step is in the audit chain, and the chain holds.
    expect(await failure(owner.versions.freeze({ draftId, label: "定稿", note: "" }))).toMatchObject({ code: "PRECONDITION_FAILED", key: "signoff.draftFinal" });
    const events = await db.auditEvent.findMany({ where: { OR: [{ data: { path: ["draftId"], equals: draftId } }, { targetId: draftId }] }, select: { type: true } });
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === "version.frozen")).toHaveLength(2);
    expect(types.filter((t) => t === "signoff.requested")).toHaveLength(2);
    expect(types.filter((t) => t === "signoff.signed")).toHaveLength(5);
    expect(types).toEqual(expect.arrayContaining(["signoff.rule_changed", "signoff.finalized"]));
    expect((await verifyAuditChain({ db })).ok).toBe(true);
  });
});

/** A fresh draft with the committee rule, v1 frozen; `request` opens the round. */
async function freshRound(o: { gate?: "BLOCK" | "WARN"; request?: boolean } = {}) {
  const draft = await f.newDraft();
  const owner = await f.as(f.people.owner);
  await owner.signoff.setRule({ draftId: draft.id, stages: f.committeeRule.stages, gate: o.gate ?? "BLOCK" });
  const v1 = await owner.versions.freeze({ draftId: draft.id, label: "征求意见稿", note: "" });
  const round = o.request === false ? null : await owner.signoff.request({ draftId: draft.id, versionId: v1.versionId });
  return { draftId: draft.id, owner, v1, roundId: round?.roundId ?? "" };
}

describe("the gate on open threads", () => {
  it("BLOCK refuses while a thread is open without a disposition, and lets it through once one is set", async () => {
    const { draftId, owner, v1 } = await freshRound({ request: false });
    const member = await f.as(f.people.member);
    const { threadId } = await member.comments.create({ draftId, sid: SIDS.er, body: "建议补充数据" });
    expect(await failure(owner.signoff.request({ draftId, versionId: v1.versionId }))).toEqual({ code: "PRECONDITION_FAILED", key: "signoff.openThreads", params: { count: 1 } });
    expect(await failure(owner.signoff.request({ draftId, versionId: v1.versionId, acknowledgeOpenThreads: true }))).toMatchObject({ key: "signoff.openThreads" });
    expect(await db.signoffRound.count({ where: { draftId } })).toBe(0);
    await owner.comments.setDisposition({ draftId, threadId, disposition: "ADOPTED", reason: "" });
    expect(await owner.signoff.request({ draftId, versionId: v1.versionId })).toMatchObject({ roundId: expect.any(String) });
  });

  it("WARN asks the owner to acknowledge the open threads, then requests", async () => {
    const { draftId, owner, v1 } = await freshRound({ gate: "WARN", request: false });
    const member = await f.as(f.people.member);
    await member.comments.create({ draftId, sid: SIDS.yi, body: "意见一" });
    await member.comments.create({ draftId, sid: SIDS.san, body: "意见二" });
    expect(await failure(owner.signoff.request({ draftId, versionId: v1.versionId }))).toEqual({ code: "PRECONDITION_FAILED", key: "signoff.openThreadsWarn", params: { count: 2 } });
    const { roundId } = await owner.signoff.request({ draftId, versionId: v1.versionId, acknowledgeOpenThreads: true });
    const event = await db.auditEvent.findFirstOrThrow({ where: { type: "signoff.requested", targetId: roundId } });
    expect(event.data).toMatchObject({ openThreads: 2, acknowledgedOpenThreads: true, gate: "WARN" });
  });
});

describe("signing", () => {
  it("refuses a hash that is not the version's with 409 and stores nothing", async () => {
    const { draftId, v1, roundId } = await freshRound();
    const head = await f.as(f.people.head);
    for (const hashSeen of ["f".repeat(64), v1.hash.replace(/^./, (c) => (c === "0" ? "1" : "0"))]) {
      expect(await failure(head.signoff.sign({ draftId, roundId, versionId: v1.versionId, hashSeen, decision: "APPROVE", comment: "" })))
        .toMatchObject({ code: "CONFLICT", key: "signoff.staleHash" });
    }
    expect(await db.signoff.count({ where: { roundId } })).toBe(0);
  });

  it("stores one sign-off for a double submit, and a repeat changes nothing", async () => {
    const { draftId, v1, roundId } = await freshRound();
    const head = await f.as(f.people.head);
    const input = { draftId, roundId, versionId: v1.versionId, hashSeen: v1.hash, decision: "APPROVE" as const, comment: "同意" };
    const both = await Promise.all([head.signoff.sign(input), head.signoff.sign(input)]);
    expect(both.map((r) => r.ok)).toEqual([true, true]);
    expect(both.map((r) => r.repeated).sort()).toEqual([false, true]);
    expect(await db.signoff.count({ where: { roundId } })).toBe(1);
    // Later, even a different decision is a repeat: one sign-off per signer and version.
    expect(await head.signoff.sign({ ...input, decision: "RETURN", comment: "改主意了" })).toEqual({ ok: true, roundStatus: "OPEN", repeated: true });
    expect(await db.signoff.findMany({ where: { roundId }, select: { decision: true } })).toEqual([{ decision: "APPROVE" }]);
    expect(await db.auditEvent.count({ where: { type: "signoff.signed", data: { path: ["roundId"], equals: roundId } } })).toBe(1);
  });

  it("asks for the password unless the sign-in was within 5 minutes, and throttles wrong passwords", async () => {
    const { draftId, v1, roundId } = await freshRound();
    const input = { draftId, roundId, versionId: v1.versionId, hashSeen: v1.hash, decision: "APPROVE" as const, comment: "" };
    const stale = await f.as(f.people.head, { authTime: new Date(Date.now() - 6 * 60_000) });
    const unknown = await f.as(f.people.head, { authTime: null });
    expect(await failure(stale.signoff.sign(input))).toMatchObject({ code: "PRECONDITION_FAILED", key: "signoff.reauthRequired" });
    expect(await failure(unknown.signoff.sign(input))).toMatchObject({ code: "PRECONDITION_FAILED", key: "signoff.reauthRequired" });
    expect(await failure(stale.signoff.sign({ ...input, password: "wrong-password" }))).toMatchObject({ code: "FORBIDDEN", key: "signoff.wrongPassword" });
    expect(await db.signoff.count({ where: { roundId } })).toBe(0);
    expect(await db.auditEvent.count({ where: { type: "signoff.reauth_failed", actorId: f.people.head.id } })).toBe(1);
    // The right password clears the count and signs.
    expect(await stale.signoff.sign({ ...input, password: f.people.head.password })).toMatchObject({ ok: true, repeated: false });
    const event = await db.auditEvent.findFirstOrThrow({ where: { type: "signoff.signed", data: { path: ["roundId"], equals: roundId } } });
    expect(event.data).toMatchObject({ reauth: "password", decision: "APPROVE", hash: v1.hash });

    // Ten wrong passwords in the window: further attempts are refused, the right one too.
    const vice = await f.as(f.people.vice1, { authTime: null });
    const viceInput = { ...input, password: "wrong-password" };
    for (let i = 0; i < 10; i++) expect(await failure(vice.signoff.sign(viceInput))).toMatchObject({ key: "signoff.wrongPassword" });
    const limited = await failure(vice.signoff.sign({ ...input, password: f.people.vice1.password }));
    expect(limited).toMatchObject({ code: "TOO_MANY_REQUESTS", key: "signoff.reauthLimited" });
    expect(limited.params.seconds).toBeGreaterThan(0);
    expect(await db.signoff.count({ where: { roundId } })).toBe(1);
  });

  it("refuses people outside the rule and returns without a comment", async () => {
    const { draftId, v1, roundId } = await freshRound();
    const input = { draftId, roundId, versionId: v1.versionId, hashSeen: v1.hash, decision: "APPROVE" as const, comment: "" };
    expect(await failure((await f.as(f.people.member)).signoff.sign(input))).toMatchObject({ code: "FORBIDDEN", key: "signoff.notSigner" });
    expect(await failure((await f.as(f.people.outsider)).signoff.sign(input))).toMatchObject({ code: "NOT_FOUND" });
    const noComment = await failure((await f.as(f.people.head)).signoff.sign({ ...input, decision: "RETURN" }));
    expect(noComment.code).toBe("BAD_REQUEST");
  });
});

describe("the rule", () => {
  it("defaults to the committee's head(s) → vice-chairs (1 of n) → chair", async () => {
    const draft = await f.newDraft();
    const rule = await (await f.as(f.people.member)).signoff.rule({ draftId: draft.id });
    expect(rule).toMatchObject({ gate: "BLOCK", isDefault: true, editable: false });
    expect(rule.stages.map((s) => [s.name, s.threshold])).toEqual([["专委会主任", "ALL"], ["副主席", { k: 1 }], ["主席", { k: 1 }]]);
    expect(rule.stages[0]!.signerIds).toEqual([f.people.head.id]);
    expect(rule.stages[1]!.signerIds).toEqual(expect.arrayContaining([f.people.vice1.id, f.people.vice2.id]));
    expect(rule.stages[2]!.signerIds).toContain(f.people.chair.id);
    expect((await (await f.as(f.people.owner)).signoff.rule({ draftId: draft.id })).editable).toBe(true);
  });

  it("is edited by the owner only, audited, and locked while a round is open", async () => {
    const { draftId, owner, v1 } = await freshRound({ request: false });
    const chairOnly = { draftId, stages: [{ name: "主席", signerIds: [f.people.chair.id], threshold: { k: 1 } }], gate: "WARN" as const };
    expect(await failure((await f.as(f.people.head)).signoff.setRule(chairOnly))).toMatchObject({ code: "FORBIDDEN" });
    await owner.signoff.setRule(chairOnly);
    expect(await owner.signoff.rule({ draftId })).toMatchObject({ gate: "WARN", isDefault: false, editable: true, stages: chairOnly.stages });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { type: "signoff.rule_changed", targetId: draftId }, orderBy: { id: "desc" } });
    expect(audit.data).toMatchObject({ before: { gate: "BLOCK" }, after: { gate: "WARN" } });

    await owner.signoff.request({ draftId, versionId: v1.versionId });
    expect(await failure(owner.signoff.setRule({ ...chairOnly, gate: "BLOCK" }))).toMatchObject({ code: "PRECONDITION_FAILED", key: "signoff.ruleLocked" });
    expect((await owner.signoff.rule({ draftId })).editable).toBe(false);
  });

  it("refuses signers who cannot read the draft, and unusable thresholds", async () => {
    const draft = await f.newDraft();
    const owner = await f.as(f.people.owner);
    expect(await failure(owner.signoff.setRule({ draftId: draft.id, stages: [{ name: "外人", signerIds: [f.people.outsider.id], threshold: "ALL" }], gate: "BLOCK" })))
      .toMatchObject({ code: "BAD_REQUEST", key: "signoff.signerUnavailable", params: { names: f.people.outsider.name } });
    expect(await failure(owner.signoff.setRule({ draftId: draft.id, stages: [{ name: "副主席", signerIds: [f.people.vice1.id], threshold: { k: 2 } }], gate: "BLOCK" })))
      .toMatchObject({ code: "BAD_REQUEST", key: "signoff.validation.threshold" });
  });
});

describe("reopening", () => {
  async function finalDraft() {
    const { draftId, owner, v1, roundId } = await freshRound();
    for (const who of [f.people.head, f.people.vice1, f.people.chair]) {
      await (await f.as(who)).signoff.sign({ draftId, roundId, versionId: v1.versionId, hashSeen: v1.hash, decision: "APPROVE", comment: "" });
    }
    expect((await db.draft.findUniqueOrThrow({ where: { id: draftId } })).status).toBe("FINAL");
    return { draftId, owner, v1, roundId };
  }

  it("is for the chair or the owner only, with a reason, audited", async () => {
    const { draftId, v1, roundId } = await finalDraft();
    for (const who of [f.people.vice1, f.people.head, f.people.member]) {
      expect(await failure((await f.as(who)).signoff.reopen({ draftId, reason: "需要修改" }))).toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await failure((await f.as(f.people.outsider)).signoff.reopen({ draftId, reason: "需要修改" }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await failure((await f.as(f.people.chair)).signoff.reopen({ draftId, reason: "  " }))).code).toBe("BAD_REQUEST");
    await (await f.as(f.people.chair)).signoff.reopen({ draftId, reason: "会议决定补充一节" });
    expect(await db.draft.findUniqueOrThrow({ where: { id: draftId } })).toMatchObject({ status: "DRAFTING", finalVersionId: null });
    expect(await db.signoffRound.findUniqueOrThrow({ where: { id: roundId } })).toMatchObject({ status: "REOPENED" });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { type: "signoff.reopened", targetId: draftId } });
    expect(audit).toMatchObject({ actorId: f.people.chair.id, data: { reason: "会议决定补充一节", versionId: v1.versionId, roundId } });
    // The signed version keeps its sign-offs and says it was final, then reopened.
    expect(await verifyVersionHash({ db, hash: v1.hash })).toMatchObject({ final: false, reopened: true, finalAt: expect.any(Date) });
    expect(await failure((await f.as(f.people.chair)).signoff.reopen({ draftId, reason: "再开" }))).toMatchObject({ key: "signoff.notFinal" });
  });

  it("by the owner starts over: a new version, a new round", async () => {
    const { draftId, owner, v1 } = await finalDraft();
    await owner.signoff.reopen({ draftId, reason: "补充数据" });
    expect(await failure(owner.signoff.request({ draftId, versionId: v1.versionId }))).toMatchObject({ key: "signoff.versionHadRound" });
    const v2 = await owner.versions.freeze({ draftId, label: "送审稿", note: "重新打开后" });
    const { roundId } = await owner.signoff.request({ draftId, versionId: v2.versionId });
    expect((await owner.signoff.status({ draftId })).round).toMatchObject({ id: roundId, versionNumber: 2, status: "OPEN" });
    // The head approved v1 and nothing changed since: re-signing is one step.
    expect((await (await f.as(f.people.head)).signoff.status({ draftId })).mine).toMatchObject({ canSign: true, lastSignedVersion: { number: 1 }, changedSinceMySignature: [] });
  });
});

describe("requests", () => {
  it("are for the owner, on the newest version; a repeat returns the open round; a newer version supersedes it", async () => {
    const { draftId, owner, v1, roundId } = await freshRound();
    expect(await failure((await f.as(f.people.head)).signoff.request({ draftId, versionId: v1.versionId }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await owner.signoff.request({ draftId, versionId: v1.versionId })).toEqual({ roundId });
    const v2 = await owner.versions.freeze({ draftId, label: "送审稿", note: "" });
    const r2 = await owner.signoff.request({ draftId, versionId: v2.versionId });
    expect(await db.signoffRound.findUniqueOrThrow({ where: { id: roundId } })).toMatchObject({ status: "SUPERSEDED" });
    expect(await failure(owner.signoff.request({ draftId, versionId: v1.versionId }))).toMatchObject({ key: "signoff.versionHadRound" });
    // Signing the superseded round is a conflict: the state changed under the signer.
    expect(await failure((await f.as(f.people.head)).signoff.sign({ draftId, roundId, versionId: v1.versionId, hashSeen: v1.hash, decision: "APPROVE", comment: "" })))
      .toMatchObject({ code: "CONFLICT", key: "signoff.roundClosed" });
    const v3 = await owner.versions.freeze({ draftId, label: "送审稿", note: "" });
    expect(v3.number).toBe(3);
    expect(await owner.signoff.request({ draftId, versionId: v2.versionId })).toEqual(r2); // still open: a repeat
    expect(r2.roundId).not.toBe(roundId);
    // A version of another draft is not found through this one.
    expect(await failure(owner.versions.get({ draftId: (await f.newDraft()).id, versionId: v3.versionId }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("are refused on a version older than the newest", async () => {
    const { draftId, owner, v1 } = await freshRound({ request: false });
    await owner.versions.freeze({ draftId, label: "送审稿", note: "" });
    expect(await failure(owner.signoff.request({ draftId, versionId: v1.versionId }))).toMatchObject({ code: "PRECONDITION_FAILED", key: "signoff.notLatest" });
  });
});

describe("what was signed stays as it was", () => {
  it("refuses changing a frozen version or a recorded sign-off, even in SQL", async () => {
    const { draftId, v1, roundId } = await freshRound();
    await (await f.as(f.people.head)).signoff.sign({ draftId, roundId, versionId: v1.versionId, hashSeen: v1.hash, decision: "APPROVE", comment: "" });
    // The trigger raises restrict_violation (Prisma words it as a foreign-key error).
    await expect(db.draftVersion.update({ where: { id: v1.versionId }, data: { content: { type: "doc", content: [] } } })).rejects.toThrow();
    await expect(db.$executeRawUnsafe(`UPDATE "DraftVersion" SET "label" = 'x' WHERE "id" = $1`, v1.versionId)).rejects.toThrow();
    await expect(db.signoff.updateMany({ where: { roundId }, data: { decision: "RETURN" } })).rejects.toThrow();
    expect(await db.signoff.findMany({ where: { roundId }, select: { decision: true } })).toEqual([{ decision: "APPROVE" }]);
    const stored = await db.draftVersion.findUniqueOrThrow({ where: { id: v1.versionId } });
    expect(stored.label).toBe("征求意见稿");
    expect(versionHash({ draftId, number: stored.number, title: stored.title, content: stored.content as unknown as PMJSONNode })).toBe(v1.hash);
  });
});

describe("the audit log", () => {
  it("filters by draft (versions, sign-offs and the draft itself), person, type and time", async () => {
    const before = new Date();
    const { draftId, v1, roundId } = await freshRound();
    const other = await freshRound();
    await (await f.as(f.people.head, { authTime: null })).signoff
      .sign({ draftId, roundId, versionId: v1.versionId, hashSeen: v1.hash, decision: "APPROVE", comment: "", password: "wrong-password" })
      .catch(() => {});
    const admin = await f.as(f.admin);
    const mine = await admin.admin.audit.list({ draftId, limit: 200 });
    const types = mine.items.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["draft.created", "signoff.rule_changed", "version.frozen", "signoff.requested", "signoff.reauth_failed"]));
    expect(mine.items.every((e) => e.targetId === draftId || (e.data as { draftId?: string }).draftId === draftId)).toBe(true);
    expect(mine.items.some((e) => e.targetId === other.draftId || (e.data as { draftId?: string }).draftId === other.draftId)).toBe(false);
    const byHead = await admin.admin.audit.list({ draftId, actorId: f.people.head.id, type: "signoff.reauth_failed", limit: 10 });
    expect(byHead.items).toHaveLength(1);
    expect(await admin.admin.audit.list({ draftId, to: before, limit: 10 })).toMatchObject({ items: [] });
    expect((await admin.admin.audit.list({ draftId, from: before, limit: 200 })).items).toHaveLength(mine.items.length);
  });
});
