import { describe, expect, it } from "vitest";
import { shortenUnchanged, withoutUnchangedHeading } from "./diff-ops";

describe("withoutUnchangedHeading", () => {
  it("leaves out the heading line when it did not change", () => {
    expect(withoutUnchangedHeading([{ op: "eq", text: "存在问题\n资金来源单一。" }, { op: "ins", text: "据调查。" }])).toEqual([
      { op: "eq", text: "资金来源单一。" },
      { op: "ins", text: "据调查。" },
    ]);
    expect(withoutUnchangedHeading([{ op: "eq", text: "存在问题\n" }, { op: "ins", text: "新段落" }])).toEqual([{ op: "ins", text: "新段落" }]);
  });

  it("keeps everything when the heading itself changed", () => {
    const ops = [{ op: "eq" as const, text: "存在" }, { op: "del" as const, text: "问题" }, { op: "ins" as const, text: "不足" }, { op: "eq" as const, text: "\n正文" }];
    expect(withoutUnchangedHeading(ops)).toBe(ops);
    const inserted = [{ op: "ins" as const, text: "新" }, { op: "eq" as const, text: "标题\n正文" }];
    expect(withoutUnchangedHeading(inserted)).toBe(inserted);
  });
});

describe("shortenUnchanged", () => {
  const long = (n: number) => "字".repeat(n);

  it("keeps short unchanged text whole", () => {
    const ops = [{ op: "eq" as const, text: long(30) }, { op: "ins" as const, text: "新" }, { op: "eq" as const, text: long(30) }];
    expect(shortenUnchanged(ops, 10)).toEqual(ops);
  });

  it("keeps the end of the first stretch, both ends of a middle one and the start of the last, counting CJK characters", () => {
    const shown = shortenUnchanged(
      [
        { op: "eq", text: "甲".repeat(100) },
        { op: "del", text: "旧" },
        { op: "eq", text: `${"乙".repeat(10)}${"丙".repeat(80)}${"丁".repeat(10)}` },
        { op: "ins", text: "新" },
        { op: "eq", text: "戊".repeat(100) },
      ],
      10,
    );
    expect(shown).toEqual([
      { op: "gap", head: "", omitted: 90, tail: "甲".repeat(10) },
      { op: "del", text: "旧" },
      { op: "gap", head: "乙".repeat(10), omitted: 80, tail: "丁".repeat(10) },
      { op: "ins", text: "新" },
      { op: "gap", head: "戊".repeat(10), omitted: 90, tail: "" },
    ]);
  });

  it("never splits a character outside the Basic Multilingual Plane", () => {
    const shown = shortenUnchanged([{ op: "ins", text: "新" }, { op: "eq", text: "𠀀".repeat(50) }], 5);
    expect(shown[1]).toEqual({ op: "gap", head: "𠀀".repeat(5), omitted: 45, tail: "" });
  });
});
