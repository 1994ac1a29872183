import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { fixCMap, fixPdfToUnicode, RADICAL_TO_IDEOGRAPH } from "./pdf-unicode";
import { compact, pdfText, xrefProblems } from "../../test/pdf-text";

// The ToUnicode repair: radicals that Noto CJK draws with an ideograph's glyph become that
// ideograph in the text layer; other mappings, other objects and odd files stay as they are.

const cmap = (body: string) =>
  `/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /X def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n${body}\nendcmap\nend\nend`;

/** A one-page PDF as Chromium shapes it (classic xref), drawing codes 01 02 03 with a Type 3 font whose ToUnicode is `toUnicode`. */
function tinyPdf(toUnicode: string, extraTrailer = ""): Buffer {
  const content = deflateSync(Buffer.from("BT /F1 12 Tf 10 10 Td <010203> Tj ET", "latin1"));
  const tu = deflateSync(Buffer.from(toUnicode, "latin1"));
  const objects: (string | Buffer)[][] = [
    ["<</Type /Catalog /Pages 2 0 R>>"],
    ["<</Type /Pages /Count 1 /Kids [3 0 R]>>"],
    ["<</Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Resources <</Font <</F1 5 0 R>>>> /Contents 4 0 R>>"],
    [`<</Filter /FlateDecode\n/Length ${content.length}>> stream\n`, content, "\nendstream"],
    ["<</Type /Font /Subtype /Type3 /ToUnicode 6 0 R>>"],
    [`<</Filter /FlateDecode\n/Length ${tu.length}>> stream\n`, tu, "\nendstream"],
  ];
  const parts: Buffer[] = [Buffer.from("%PDF-1.4\n", "latin1")];
  const offsets: number[] = [];
  let size = parts[0]!.length;
  objects.forEach((o, i) => {
    offsets.push(size);
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, "latin1"), ...o.map((x) => (typeof x === "string" ? Buffer.from(x, "latin1") : x)), Buffer.from("\nendobj\n", "latin1")]);
    parts.push(b);
    size += b.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  parts.push(Buffer.from(`${xref}trailer\n<</Size ${objects.length + 1} /Root 1 0 R${extraTrailer}>>\nstartxref\n${size}\n%%EOF\n`, "latin1"));
  return Buffer.concat(parts);
}

describe("ToUnicode repair", () => {
  it("knows the radicals Chinese text meets most (一 二 人 大 页 门 车 马 长 龙)", () => {
    const m = (r: string) => String.fromCodePoint(RADICAL_TO_IDEOGRAPH.get(r.codePointAt(0)!)!);
    expect(["⼀", "⼆", "⼈", "⼤", "⻚", "⻔", "⻋", "⻢", "⻓", "⻰"].map(m).join("")).toBe("一二人大页门车马长龙");
  });

  it("rewrites bfchar and bfrange entries, leaving other mappings and the source codes alone", () => {
    const fixed = fixCMap(cmap("2 beginbfchar\n<01> <2F00>\n<2F> <2F00>\nendbfchar\n2 beginbfrange\n<03> <05> <2ED7>\n<06> <07> [<0041> <2F08>]\nendbfrange"))!;
    expect(fixed).toContain("<01> <4E00>"); // ⼀ → 一
    expect(fixed).toContain("<2F> <4E00>"); // a source code equal to a radical's number is a code, not text
    expect(fixed).toContain("<03> <2ED7>"); // ⻗ has no look-alike in the fonts: unchanged
    expect(fixed).toContain("<04> <9752>"); // ⻘ → 青 (2ED7 + 1 within the range)
    expect(fixed).toContain("<05> <97E6>"); // ⻙ → 韦
    expect(fixed).toContain("<06> <0041>");
    expect(fixed).toContain("<07> <4EBA>"); // ⼈ → 人
    expect(fixed).toContain("1 begincodespacerange\n<00> <FF>\nendcodespacerange");
    expect(fixCMap(cmap("1 beginbfchar\n<01> <4E00>\nendbfchar"))).toBeNull();
  });

  it("fixes a PDF's text layer and keeps it a PDF whose xref finds every object", () => {
    const pdf = tinyPdf(cmap("3 beginbfchar\n<01> <7B2C>\n<02> <2F00>\n<03> <2EDA>\nendbfchar"));
    expect(compact(pdfText(pdf))).toBe("第⼀⻚");
    const fixed = fixPdfToUnicode(pdf);
    expect(compact(pdfText(fixed))).toBe("第一页");
    expect(xrefProblems(pdf)).toEqual([]);
    expect(xrefProblems(fixed)).toEqual([]);
    expect(fixed.toString("latin1")).toContain("/Root 1 0 R");
  });

  it("returns the very same bytes when there is nothing to fix, or the file is not shaped as expected", () => {
    const clean = tinyPdf(cmap("1 beginbfchar\n<01> <4E00>\nendbfchar"));
    expect(fixPdfToUnicode(clean)).toBe(clean);
    const encrypted = tinyPdf(cmap("1 beginbfchar\n<02> <2F00>\nendbfchar"), " /Encrypt 9 0 R");
    expect(fixPdfToUnicode(encrypted)).toBe(encrypted);
    const garbage = Buffer.from("%PDF-1.4\nnot really\n", "latin1");
    expect(fixPdfToUnicode(garbage)).toBe(garbage);
  });
});
