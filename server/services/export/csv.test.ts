import { describe, expect, it } from "vitest";
import { guardFormula, toCsv } from "./csv";

describe("csv", () => {
  it("starts with a BOM, ends lines with CRLF and quotes per RFC 4180", () => {
    const text = toCsv([
      ["章节", "意见"],
      ["（一）主要任务", '他说"可以"，但是, 还要\n再看看'],
      [1, null],
    ]);
    expect(text.startsWith("\ufeff")).toBe(true);
    expect(text.slice(1)).toBe('章节,意见\r\n（一）主要任务,"他说""可以""，但是, 还要\n再看看"\r\n1,\r\n');
  });

  it("keeps formulas from running in a spreadsheet", () => {
    for (const s of ["=HYPERLINK(\"http://x\",\"点我\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]) expect(guardFormula(s)).toBe(`'${s}`);
    expect(guardFormula("正常的意见 = 好")).toBe("正常的意见 = 好");
    expect(toCsv([["=1+1", -5]]).slice(1)).toBe("'=1+1,-5\r\n");
    // A guarded field that also needs quoting is quoted after guarding.
    expect(toCsv([['=A1,"x"']]).slice(1)).toBe('"\'=A1,""x"""\r\n');
  });
});
