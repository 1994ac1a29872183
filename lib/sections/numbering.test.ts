import { describe, expect, it } from "vitest";
import { chineseNumeral, normalizeLevel, numberHeadings, sectionLabel } from "./numbering";

describe("chineseNumeral", () => {
  it.each([
    [1, "一"],
    [2, "二"],
    [9, "九"],
    [10, "十"],
    [11, "十一"],
    [19, "十九"],
    [20, "二十"],
    [21, "二十一"],
    [99, "九十九"],
    [100, "一百"],
    [101, "一百零一"],
    [110, "一百一十"],
    [111, "一百一十一"],
    [999, "九百九十九"],
    [1000, "一千"],
    [1001, "一千零一"],
    [1010, "一千零一十"],
    [1100, "一千一百"],
    [10000, "一万"],
    [10010, "一万零一十"],
    [11000, "一万一千"],
    [100000, "十万"],
    [120305, "十二万零三百零五"],
  ])("%i → %s", (n, expected) => {
    expect(chineseNumeral(n)).toBe(expected);
  });

  it("rejects non-integers and out-of-range values", () => {
    expect(() => chineseNumeral(1.5)).toThrow(RangeError);
    expect(() => chineseNumeral(-1)).toThrow(RangeError);
    expect(() => chineseNumeral(1e8)).toThrow(RangeError);
  });
});

describe("sectionLabel", () => {
  it("formats each level", () => {
    expect(sectionLabel(1, 3)).toBe("三、");
    expect(sectionLabel(2, 12)).toBe("（十二）");
    expect(sectionLabel(3, 4)).toBe("4.");
    expect(sectionLabel(4, 10)).toBe("（10）");
  });
});

describe("normalizeLevel", () => {
  it("clamps to 1–4", () => {
    expect([0, 1, 2, 3, 4, 5, 6, "2", null, Number.NaN].map(normalizeLevel)).toEqual([1, 1, 2, 3, 4, 4, 4, 2, 1, 1]);
  });
});

describe("numberHeadings", () => {
  const levels = (...ls: number[]) => numberHeadings(ls.map((level) => ({ level })));

  it("numbers a full hierarchy and resets deeper counters under each parent", () => {
    expect(levels(1, 2, 3, 4, 4, 3, 2, 3, 1, 2, 1)).toEqual([
      "一、",
      "（一）",
      "1.",
      "（1）",
      "（2）",
      "2.",
      "（二）",
      "1.",
      "二、",
      "（一）",
      "三、",
    ]);
  });

  it("starts a skipped level at 1 (level 3 directly under level 1)", () => {
    expect(levels(1, 3, 3, 2, 3, 1, 3)).toEqual(["一、", "1.", "2.", "（一）", "1.", "二、", "1."]);
  });

  it("handles documents that start below level 1", () => {
    expect(levels(3, 3, 1, 4)).toEqual(["1.", "2.", "一、", "（1）"]);
  });

  it("counts past ten", () => {
    const labels = levels(...Array.from({ length: 21 }, () => 1));
    expect(labels[9]).toBe("十、");
    expect(labels[10]).toBe("十一、");
    expect(labels[20]).toBe("二十一、");
  });
});
