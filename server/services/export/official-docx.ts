import { cell, paragraph, run, writeDocx, type Block, type DocxDocument, type FontDeclaration, type Run, type TableCell } from "./docx";
import { FONT_CHAINS, GONGWEN, LATIN_FONT, sheetRows, type OfficialBlock, type OfficialRun, type SheetWords, type SignoffSheet } from "./official";

// The official layout as a .docx (GB/T 9704-2012 style): A4, margins 37/35/28/26 mm, title 2号
// 小标宋 bold centred, body 3号 仿宋 with a two-character first-line indent and an exact line
// pitch of 28.95 pt (22 lines), first-level headings 黑体, second-level 楷体, third and fourth
// 仿宋, page numbers “— 1 —” in 4号 宋体 on the outside edge (odd right, even left), then the
// sign-off sheet on a page of its own, last, with the verification QR code.

const [TITLE_FONT, BODY_FONT, H1_FONT, H2_FONT, PAGE_FONT, MONO_FONT] = [
  FONT_CHAINS.title[0],
  FONT_CHAINS.body[0],
  FONT_CHAINS.heading1[0],
  FONT_CHAINS.heading2[0],
  FONT_CHAINS.pageNumber[0],
  FONT_CHAINS.mono[0],
];

/** The fonts with the name Word should try next, and what kind of face each is (charset 86 = GB2312). */
export const DECLARED_FONTS: FontDeclaration[] = [
  { name: TITLE_FONT, altName: FONT_CHAINS.title[1], charset: 0x86, family: "script", pitch: "variable" },
  { name: BODY_FONT, altName: FONT_CHAINS.body[1], charset: 0x86, family: "modern", pitch: "fixed" },
  { name: H1_FONT, altName: FONT_CHAINS.heading1[1], charset: 0x86, family: "modern", pitch: "fixed" },
  { name: H2_FONT, altName: FONT_CHAINS.heading2[1], charset: 0x86, family: "modern", pitch: "fixed" },
  { name: PAGE_FONT, altName: FONT_CHAINS.pageNumber[1], charset: 0x86, family: "auto", pitch: "variable" },
  { name: LATIN_FONT, charset: 0, family: "roman", pitch: "variable" },
  { name: MONO_FONT, charset: 0, family: "modern", pitch: "fixed" },
];

const body = { lineExact: GONGWEN.line, spaceBefore: 0, spaceAfter: 0 } as const;

function runs(rs: readonly OfficialRun[], extra: Omit<Run, "text"> = {}): Run[] {
  return rs.map((r) => run(r.text, { bold: r.bold, italic: r.italic, underline: r.underline, strike: r.strike, ...(r.code ? { latinFont: MONO_FONT } : {}), ...extra }));
}

function contentBlock(b: OfficialBlock): Block {
  switch (b.kind) {
    case "heading":
      // The label is text here (Word has no 一、 numbering format that follows the portal's rules).
      return {
        kind: "heading",
        level: b.level,
        runs: [run(b.label), ...runs(b.runs)],
        firstLineChars: GONGWEN.indentChars,
        keepNext: true,
        ...body,
      };
    case "paragraph":
      return paragraph([...(b.marker ? [run(`${b.marker} `)] : []), ...runs(b.runs, b.code ? { latinFont: MONO_FONT } : {})], {
        align: "justify",
        ...body,
        leftChars: b.indent ? b.indent * GONGWEN.indentChars : undefined,
        firstLineChars: b.code || b.marker ? undefined : GONGWEN.indentChars,
      });
    case "rule":
      return paragraph("", { ...body });
  }
}

/** The sign-off sheet's blocks (on a new page). */
function sheetBlocks(sheet: SignoffSheet, w: SheetWords, qr: Uint8Array | null): Block[] {
  const small = { size: GONGWEN.tableSize, lineExact: 20 } as const;
  const label = (s: string): TableCell => ({ ...cell(s, { ...small, font: H1_FONT }), vAlign: "center" });
  const value = (s: string): TableCell => cell(s, { ...small });
  const head = (s: string): TableCell => cell(s, { ...small, font: H1_FONT, align: "center", fill: "F2F2F2" });
  const rows = sheetRows(sheet, w);
  const blocks: Block[] = [
    { kind: "pageBreak" },
    paragraph(w.title, { align: "center", font: TITLE_FONT, size: GONGWEN.titleSize, bold: true, lineExact: GONGWEN.titleLine, spaceAfter: 14 }),
    {
      kind: "table",
      columns: [36, 120],
      rows: [
        [label(w.draft), value(sheet.title)],
        [label(w.version), value(w.versionValue(sheet.number, sheet.label))],
        [label(w.frozenAt), value(w.when(sheet.frozenAt))],
        [label(w.status), value(w.statusText)],
      ],
    },
    paragraph(w.hash, { font: H1_FONT, size: GONGWEN.tableSize, spaceBefore: 10, lineExact: 22 }),
    paragraph([run(sheet.hash, { latinFont: MONO_FONT, size: GONGWEN.monoSize })], { lineExact: 20, spaceAfter: 10 }),
  ];
  if (rows.length) {
    blocks.push({
      kind: "table",
      columns: [36, 24, 20, 38, 38],
      header: [head(w.stage), head(w.signer), head(w.decision), head(w.time), head(w.comment)],
      rows: rows.map((r) => [
        { ...cell(r.stage ?? "", { ...small }), vMerge: r.first ? "restart" : "continue", vAlign: "center" },
        value(r.signer),
        cell(r.decision, { ...small, align: "center" }),
        cell(r.time, { ...small, align: "center" }),
        value(r.comment),
      ]),
    });
  } else {
    blocks.push(paragraph(w.noRound, { ...small }));
  }
  blocks.push(paragraph(w.verify, { size: GONGWEN.tableSize, lineExact: 20, spaceBefore: 12 }));
  if (qr) blocks.push({ kind: "image", png: qr, widthMm: 30, heightMm: 30, align: "left", description: sheet.verifyUrl });
  else blocks.push(paragraph(w.qrOmitted, { ...small }));
  blocks.push(
    paragraph([run(sheet.verifyUrl, { latinFont: MONO_FONT, size: 9 })], { lineExact: 16 }),
    paragraph(w.generated, { size: GONGWEN.tableSize, lineExact: 20, spaceBefore: 8 }),
  );
  return blocks;
}

export interface OfficialDocxInput {
  title: string;
  blocks: OfficialBlock[];
  sheet: SignoffSheet;
  words: SheetWords;
  /** The verification link as a QR PNG; null when it could not be drawn. */
  qrPng: Uint8Array | null;
}

export function officialDocxDocument(o: OfficialDocxInput): DocxDocument {
  return {
    title: o.title,
    page: {
      size: "A4",
      margins: GONGWEN.margins,
      // The page number sits about 7 mm under the type area (which ends 35 mm above the edge).
      footer: 20,
      header: 15,
      linePitch: GONGWEN.line,
    },
    defaults: { font: BODY_FONT, latinFont: LATIN_FONT, size: GONGWEN.bodySize },
    headingStyles: {
      1: { font: H1_FONT, size: GONGWEN.bodySize, bold: false },
      2: { font: H2_FONT, size: GONGWEN.bodySize, bold: false },
      3: { font: BODY_FONT, size: GONGWEN.bodySize, bold: false },
      4: { font: BODY_FONT, size: GONGWEN.bodySize, bold: false },
    },
    pageNumbers: { format: GONGWEN.pageNumberFormat, size: GONGWEN.smallSize, font: PAGE_FONT, position: "outside", indentChars: 1 },
    fonts: DECLARED_FONTS,
    blocks: [
      paragraph(o.title, { align: "center", font: TITLE_FONT, size: GONGWEN.titleSize, bold: true, lineExact: GONGWEN.titleLine, spaceAfter: GONGWEN.line }),
      ...o.blocks.map(contentBlock),
      ...sheetBlocks(o.sheet, o.words, o.qrPng),
    ],
  };
}

export function officialDocx(o: OfficialDocxInput): Buffer {
  return writeDocx(officialDocxDocument(o), { modified: o.sheet.generatedAt });
}
