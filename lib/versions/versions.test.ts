import { describe, expect, it } from "vitest";
import type { PMJSONNode } from "@/lib/sections/outline";
import { canonicalContent, versionHash, versionHashPayload } from "./canonical";
import { PREAMBLE_SID, sectionHashesOf, versionSections, versionSectionsWithText } from "./sections";
import { diffSectionHashes, diffVersions } from "./diff";
import { sidesOf } from "./chars";
import { roundProgress, ruleProblems, stageMet, type Stage } from "./rule";

const h = (level: number, sid: string, text: string): PMJSONNode => ({ type: "heading", attrs: { level, sid }, content: [{ type: "text", text }] });
const p = (...texts: string[]): PMJSONNode => ({ type: "paragraph", content: texts.map((text) => ({ type: "text", text })) });
const doc = (...content: PMJSONNode[]): PMJSONNode => ({ type: "doc", content });

const v1 = doc(
  p("关于加强社区养老服务的提案"),
  h(1, "yi", "总体要求"),
  p("坚持以人民为中心。"),
  h(1, "er", "主要任务"),
  p("完善服务网络。"),
  h(1, "san", "保障措施"),
  p("加强组织领导。"),
);

describe("canonical content and version hash", () => {
  it("is the same for the same document reached by different paths", () => {
    const fromEditor: PMJSONNode = {
      type: "doc",
      content: [{ type: "paragraph", attrs: { textAlign: null }, content: [{ type: "text", text: "协商" }, { type: "text", text: "民主", marks: [] }] }],
    };
    const fromYjs: PMJSONNode = { content: [{ content: [{ text: "协商民主", type: "text" }], type: "paragraph" }], type: "doc" };
    expect(canonicalContent(fromEditor)).toEqual(canonicalContent(fromYjs));
    const base = { draftId: "d1", number: 1, title: "提案" };
    expect(versionHash({ ...base, content: fromEditor })).toBe(versionHash({ ...base, content: fromYjs }));
  });

  it("names one version: draft, number, title and every character count", () => {
    const base = { draftId: "d1", number: 1, title: "提案", content: v1 };
    const hashes = new Set([
      versionHash(base),
      versionHash({ ...base, draftId: "d2" }),
      versionHash({ ...base, number: 2 }),
      versionHash({ ...base, title: "提案（修改）" }),
      versionHash({ ...base, content: doc(...v1.content!.slice(0, -1), p("加强组织领导！")) }),
    ]);
    expect(hashes.size).toBe(5);
    expect(versionHash(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(versionHashPayload(base)).toContain('"format":"xieshen-version/1"');
  });
});

describe("version sections", () => {
  it("lists the preamble and each section with label, hash and text", () => {
    const s = versionSectionsWithText(v1);
    expect(s.map((x) => [x.sid, x.label, x.title, x.text])).toEqual([
      [PREAMBLE_SID, "", "", "关于加强社区养老服务的提案"],
      ["yi", "一、", "总体要求", "总体要求\n坚持以人民为中心。"],
      ["er", "二、", "主要任务", "主要任务\n完善服务网络。"],
      ["san", "三、", "保障措施", "保障措施\n加强组织领导。"],
    ]);
    expect(Object.keys(sectionHashesOf(v1))).toEqual([PREAMBLE_SID, "yi", "er", "san"]);
  });

  it("keeps a duplicated sid's second section under its own key", () => {
    const s = versionSections(doc(h(1, "a", "甲"), h(1, "a", "乙")));
    expect(s.map((x) => x.sid)).toEqual(["a", "a~2"]);
  });

  it("has no preamble entry when nothing precedes the first heading", () => {
    expect(versionSections(doc(p(""), h(1, "a", "甲")))[0]!.sid).toBe("a");
  });
});

describe("section diff", () => {
  it("finds only the edited section changed, with a character diff inside it", () => {
    const v2 = doc(...v1.content!.slice(0, 4), p("完善居家社区机构相协调的服务网络。"), ...v1.content!.slice(5));
    const d = diffVersions(versionSectionsWithText(v1), versionSectionsWithText(v2));
    expect(d.map((x) => [x.sid, x.status])).toEqual([
      [PREAMBLE_SID, "unchanged"],
      ["yi", "unchanged"],
      ["er", "changed"],
      ["san", "unchanged"],
    ]);
    const er = d[2]!;
    expect(er.exact).toBe(true);
    expect(sidesOf(er.chars!)).toEqual({ from: "主要任务\n完善服务网络。", to: "主要任务\n完善居家社区机构相协调的服务网络。" });
    expect(er.chars!.filter((c) => c.op !== "eq")).toEqual([{ op: "ins", text: "居家社区机构相协调的" }]);
  });

  it("tells added, removed and moved apart, and renumbering is not a move", () => {
    const before = doc(...v1.content!, h(1, "si", "附则"), p("自发布之日起施行。"));
    const after = doc(
      p("关于加强社区养老服务的提案"),
      h(1, "new", "背景"), // added before everything: 一、 now, the others renumber
      h(1, "si", "附则"), // moved to the front
      p("自发布之日起施行。"),
      h(1, "yi", "总体要求"),
      p("坚持以人民为中心。"),
      // 二 removed
      h(1, "san", "保障措施"),
      p("加强组织领导。"),
    );
    const d = diffVersions(versionSectionsWithText(before), versionSectionsWithText(after));
    expect(d.map((x) => [x.sid, x.status, x.label, x.fromLabel])).toEqual([
      [PREAMBLE_SID, "unchanged", "", ""],
      ["new", "added", "一、", undefined],
      ["si", "moved", "二、", "四、"],
      ["yi", "unchanged", "三、", "一、"],
      ["er", "removed", "二、", undefined],
      ["san", "unchanged", "四、", "三、"],
    ]);
  });

  it("stops character diffs when the request's budget is spent, showing later sections replaced whole", () => {
    const long = (c: string) => c.repeat(40);
    const before = doc(h(1, "a", "甲"), p(long("一")), h(1, "b", "乙"), p(long("二")));
    const after = doc(h(1, "a", "甲"), p(long("一") + "改"), h(1, "b", "乙"), p(long("二") + "改"));
    const d = diffVersions(versionSectionsWithText(before), versionSectionsWithText(after), { totalChars: 100 });
    expect(d.map((x) => [x.sid, x.status, x.exact])).toEqual([["a", "changed", true], ["b", "changed", false]]);
    expect(sidesOf(d[1]!.chars!)).toEqual({ from: `乙\n${long("二")}`, to: `乙\n${long("二")}改` });
  });

  it("works from stored hashes alone (changed since a signature)", () => {
    const v2 = doc(...v1.content!.slice(0, 4), p("完善服务网络！"), ...v1.content!.slice(5));
    const changed = diffSectionHashes(sectionHashesOf(v1), sectionHashesOf(v2)).filter((x) => x.status !== "unchanged");
    expect(changed).toEqual([{ sid: "er", status: "changed", label: "二、", title: "主要任务", level: 1, fromLabel: "二、", fromTitle: "主要任务" }]);
  });
});

describe("rules", () => {
  const heads: Stage = { name: "专委会主任", signerIds: ["h1", "h2"], threshold: "ALL" };
  const vices: Stage = { name: "副主席", signerIds: ["v1", "v2", "v3"], threshold: { k: 1 } };
  const chair: Stage = { name: "主席", signerIds: ["c"], threshold: { k: 1 } };

  it("meets a stage with all, or with k of n", () => {
    expect(stageMet(heads, new Set(["h1"]))).toBe(false);
    expect(stageMet(heads, new Set(["h1", "h2"]))).toBe(true);
    expect(stageMet(vices, new Set(["v2"]))).toBe(true);
    expect(stageMet(vices, new Set(["h1"]))).toBe(false);
  });

  it("opens stages in order and counts approvals only in their own stage", () => {
    const stages = [heads, vices, chair];
    expect(roundProgress(stages, [{ signerId: "h1", stageIndex: 0, decision: "APPROVE" }]).current).toBe(0);
    const two = roundProgress(stages, [
      { signerId: "h1", stageIndex: 0, decision: "APPROVE" },
      { signerId: "h2", stageIndex: 0, decision: "APPROVE" },
      { signerId: "v1", stageIndex: 1, decision: "APPROVE" },
    ]);
    expect(two).toMatchObject({ current: 2, met: [true, true, false], approved: false });
    expect(roundProgress(stages, [{ signerId: "c", stageIndex: 1, decision: "APPROVE" }]).met).toEqual([false, false, false]);
    expect(roundProgress(stages, [{ signerId: "h1", stageIndex: 0, decision: "RETURN" }]).returned).toBe(true);
  });

  it("refuses unusable rules", () => {
    expect(ruleProblems([heads, vices, chair])).toEqual([]);
    expect(ruleProblems([])).toEqual([{ key: "signoff.validation.noStages" }]);
    expect(ruleProblems([{ ...vices, threshold: { k: 4 } }])).toEqual([{ key: "signoff.validation.threshold", stage: 0 }]);
    expect(ruleProblems([heads, { ...chair, signerIds: ["h1"] }])).toEqual([{ key: "signoff.validation.signerInTwoStages", stage: 1 }]);
  });
});
