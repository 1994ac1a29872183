import { describe, expect, it } from "vitest";
import { hasControlChars, stripControlChars, zId, zLine, zText } from "./text";

describe("free-text schemas", () => {
  it("zLine refuses NUL and other controls, turns tabs and line breaks into one space", () => {
    const title = zLine().min(1, "validation.required").max(10, "validation.tooLong");
    expect(title.parse("  关于\t报告\r\n ")).toBe("关于 报告");
    for (const bad of ["a\u0000", "\u0007响铃", "x\u001b[31m", "del\u007f", "c1\u0085"]) {
      const r = title.safeParse(bad);
      expect(r.success, JSON.stringify(bad)).toBe(false);
      expect(r.error?.issues.map((i) => i.message)).toContain("validation.controlChars");
    }
    expect(title.safeParse("\t\n").error?.issues[0]?.message).toBe("validation.required");
    expect(zLine().optional().parse(undefined)).toBeUndefined();
  });

  it("zText keeps tabs and line breaks, refuses the rest", () => {
    expect(zText().parse("第一行\n\t第二行\r\n")).toBe("第一行\n\t第二行");
    expect(zText().safeParse("a\u0000b").success).toBe(false);
    expect(zText().safeParse("a\u000bb").success).toBe(false);
  });

  it("zId keeps ids bounded and free of controls", () => {
    expect(zId().parse("cmb1x2y3z0000abcd")).toBe("cmb1x2y3z0000abcd");
    expect(zId().safeParse("").error?.issues[0]?.message).toBe("validation.required");
    expect(zId().safeParse("id\u0000").success).toBe(false);
    expect(zId().safeParse("x".repeat(65)).success).toBe(false);
  });

  it("stripControlChars removes what multi-line text may not contain, and nothing else", () => {
    expect(stripControlChars("一、总\u0000体要求\n\t（一）\u0001目标\r\n")).toBe("一、总体要求\n\t（一）目标\r\n");
    expect(hasControlChars("普通文字 with spaces　全角空格")).toBe(false);
  });
});
