import { describe, expect, it } from "vitest";
import { ensureSectionIds, findSidConflicts, freshSectionId, newSectionId } from "./ids";
import type { PMJSONNode } from "./outline";

describe("newSectionId", () => {
  it("is 10 chars of base36 and practically unique", () => {
    const ids = Array.from({ length: 5000 }, newSectionId);
    for (const id of ids) expect(id).toMatch(/^[0-9a-z]{10}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("freshSectionId re-rolls ids already taken", () => {
    const queue = ["a", "a", "b"];
    const taken = new Set(["a"]);
    expect(freshSectionId(taken, () => queue.shift()!)).toBe("b");
    expect(taken.has("b")).toBe(true);
  });
});

describe("findSidConflicts", () => {
  it("first occurrence keeps, later duplicates and missing ids need new ones", () => {
    expect(findSidConflicts(["a", "b", "a", null, "", "b", "c", "a"])).toEqual([2, 3, 4, 5, 7]);
  });

  it("honours a preferred keeper", () => {
    expect(findSidConflicts(["a", "a", "a"], () => 1)).toEqual([0, 2]);
    expect(findSidConflicts(["a", "a"], () => 99)).toEqual([1]); // invalid preference → first
  });
});

describe("ensureSectionIds", () => {
  it("fills and de-duplicates heading sids at any depth, strips sid elsewhere", () => {
    const doc: PMJSONNode = {
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 1, sid: "x" } },
        { type: "paragraph", attrs: { sid: "x" } },
        { type: "blockquote", content: [{ type: "heading", attrs: { level: 2, sid: "x" } }] },
        { type: "heading", attrs: { level: 2 } },
      ],
    };
    let n = 0;
    const out = ensureSectionIds(doc, () => `g${++n}`);
    expect(out.content![0]!.attrs).toEqual({ level: 1, sid: "x" });
    expect(out.content![1]!.attrs).toEqual({});
    expect(out.content![2]!.content![0]!.attrs).toEqual({ level: 2, sid: "g1" });
    expect(out.content![3]!.attrs).toEqual({ level: 2, sid: "g2" });
    expect(doc.content![2]!.content![0]!.attrs!["sid"]).toBe("x"); // input untouched
  });
});
