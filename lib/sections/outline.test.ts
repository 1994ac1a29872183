import { describe, expect, it } from "vitest";
import { sha256Hex, canonicalJson } from "./hash";
import {
  applyMovePlan,
  deriveOutline,
  hashBlocks,
  moveSectionInJson,
  planSectionMove,
  sectionRanges,
  type PMJSONNode,
} from "./outline";

const h = (level: number, sid: string, text: string): PMJSONNode => ({
  type: "heading",
  attrs: { level, sid },
  content: [{ type: "text", text }],
});
const p = (text: string): PMJSONNode => ({ type: "paragraph", content: text ? [{ type: "text", text }] : [] });

const doc: PMJSONNode = {
  type: "doc",
  content: [
    p("关于加强社区养老服务的提案"), // preamble, no section
    h(1, "a", "总体要求"),
    p("坚持以人民为中心。"),
    h(2, "a1", "指导思想"),
    p("深入贯彻。"),
    h(3, "a1x", "具体措施"),
    h(2, "a2", "基本原则"),
    h(1, "b", "主要任务"),
    h(3, "b1", "完善设施"),
    p("新建 𠀀 站点"), // astral CJK char counts once
  ],
};

describe("sectionRanges", () => {
  it("computes own body, subtree and parent", () => {
    expect(sectionRanges(doc)).toEqual([
      { sid: "a", level: 1, start: 1, bodyEnd: 3, end: 7, parentSid: null },
      { sid: "a1", level: 2, start: 3, bodyEnd: 5, end: 6, parentSid: "a" },
      { sid: "a1x", level: 3, start: 5, bodyEnd: 6, end: 6, parentSid: "a1" },
      { sid: "a2", level: 2, start: 6, bodyEnd: 7, end: 7, parentSid: "a" },
      { sid: "b", level: 1, start: 7, bodyEnd: 8, end: 10, parentSid: null },
      { sid: "b1", level: 3, start: 8, bodyEnd: 10, end: 10, parentSid: "b" },
    ]);
  });
});

describe("deriveOutline", () => {
  const outline = deriveOutline(doc);

  it("derives labels, order, titles and parents", () => {
    expect(outline.map((s) => [s.order, s.label, s.title, s.parentSid])).toEqual([
      [0, "一、", "总体要求", null],
      [1, "（一）", "指导思想", "a"],
      [2, "1.", "具体措施", "a1"],
      [3, "（二）", "基本原则", "a"],
      [4, "二、", "主要任务", null],
      [5, "1.", "完善设施", "b"],
    ]);
  });

  it("counts own text and subtree text in code points", () => {
    const a = outline[0]!;
    expect(a.textLength).toBe("总体要求坚持以人民为中心。".length);
    expect(a.subtreeTextLength).toBe("总体要求坚持以人民为中心。指导思想深入贯彻。具体措施基本原则".length);
    expect(outline[5]!.textLength).toBe(4 + Array.from("新建 𠀀 站点").length);
    expect(Array.from("新建 𠀀 站点").length).toBe("新建 𠀀 站点".length - 1);
  });

  it("hashes heading + own body as canonical JSON", () => {
    const blocks = doc.content!.slice(1, 3);
    expect(outline[0]!.contentHash).toBe(sha256Hex(canonicalJson(blocks)));
    expect(outline[0]!.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("parent hash ignores subsection edits; own edits change it", () => {
    const edited = structuredClone(doc);
    edited.content![4] = p("深入贯彻落实。"); // body of a1
    const after = deriveOutline(edited);
    expect(after[0]!.contentHash).toBe(outline[0]!.contentHash);
    expect(after[1]!.contentHash).not.toBe(outline[1]!.contentHash);
  });

  it("hash is stable across JSON noise (null attrs, split text runs, key order)", () => {
    const noisy: PMJSONNode[] = [
      { attrs: { sid: "a", level: 1, textAlign: null }, type: "heading", content: [{ type: "text", text: "总体" }, { type: "text", text: "要求" }] },
      { type: "paragraph", attrs: {}, content: [{ type: "text", text: "坚持以人民为中心。", marks: [] }] },
    ];
    expect(hashBlocks(noisy)).toBe(outline[0]!.contentHash);
  });

  it("returns nothing for a doc without headings", () => {
    expect(deriveOutline({ type: "doc", content: [p("x")] })).toEqual([]);
  });
});

describe("planSectionMove", () => {
  const ranges = sectionRanges(doc);
  const n = doc.content!.length;
  const order = (plan: ReturnType<typeof planSectionMove>) =>
    applyMovePlan(doc.content!, plan!).flatMap((b) => (b.type === "heading" ? [String(b.attrs!["sid"])] : []));

  it("moves a section with its subtree past the same-level sibling", () => {
    expect(order(planSectionMove(ranges, "a2", "up", n))).toEqual(["a", "a2", "a1", "a1x", "b", "b1"]);
    expect(order(planSectionMove(ranges, "a1", "down", n))).toEqual(["a", "a2", "a1", "a1x", "b", "b1"]);
    expect(order(planSectionMove(ranges, "b", "up", n))).toEqual(["b", "b1", "a", "a1", "a1x", "a2"]);
    expect(order(planSectionMove(ranges, "a", "down", n))).toEqual(["b", "b1", "a", "a1", "a1x", "a2"]);
  });

  it("refuses when there is no same-level sibling", () => {
    expect(planSectionMove(ranges, "a", "up", n)).toBeNull(); // first, preamble is not a section
    expect(planSectionMove(ranges, "a1", "up", n)).toBeNull(); // first child
    expect(planSectionMove(ranges, "a2", "down", n)).toBeNull(); // last child, next is a parent-level heading
    expect(planSectionMove(ranges, "b1", "up", n)).toBeNull();
    expect(planSectionMove(ranges, "nope", "up", n)).toBeNull();
  });

  it("moveTo: before a sid, to the end, never into itself", () => {
    expect(order(planSectionMove(ranges, "b1", { beforeSid: "a2" }, n))).toEqual(["a", "a1", "a1x", "b1", "a2", "b"]);
    expect(order(planSectionMove(ranges, "a", { beforeSid: null }, n))).toEqual(["b", "b1", "a", "a1", "a1x", "a2"]);
    expect(planSectionMove(ranges, "a", { beforeSid: "a1x" }, n)).toBeNull();
    expect(planSectionMove(ranges, "a", { beforeSid: "a" }, n)).toBeNull();
  });

  it("moveSectionInJson keeps preamble and body blocks with their headings", () => {
    const moved = moveSectionInJson(doc, "b", "up")!;
    expect(moved.content![0]).toEqual(doc.content![0]);
    expect(moved.content!.slice(1, 4)).toEqual(doc.content!.slice(7, 10));
    expect(deriveOutline(moved).map((s) => s.label + s.title)).toEqual([
      "一、主要任务",
      "1.完善设施",
      "二、总体要求",
      "（一）指导思想",
      "1.具体措施",
      "（二）基本原则",
    ]);
  });
});
