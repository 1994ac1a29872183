import { zip } from "./zip";

// A small .docx (WordprocessingML) writer for exports: the register of dispositions and the
// final document of a draft (official.ts). The model is generic — headings, paragraphs of runs
// (bold, italic, underline, strike, font, size), tables, PNG images, page breaks, page size and
// margins, page numbers in the footer (centred, or outside: odd pages right, even pages left),
// declared fonts with a fallback name — and the package minimal: [Content_Types].xml,
// _rels/.rels, word/document.xml, word/styles.xml, word/_rels/document.xml.rels and, when
// used, word/footer1.xml (+ footer2.xml and settings.xml for odd/even), word/fontTable.xml,
// word/media/imageN.png. Text is escaped and stripped of what XML 1.0 cannot hold, so any
// comment or document text is safe here.

export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** One font for Chinese and Latin text (e.g. "仿宋_GB2312"); the document default otherwise. */
  font?: string;
  /** Points, e.g. 16 (三号), 14 (四号), 12 (小四), 10.5 (五号). */
  size?: number;
  /** RRGGBB. */
  color?: string;
  underline?: boolean;
  strike?: boolean;
  /** A different font for Latin letters and digits (e.g. a monospace font for a hash). */
  latinFont?: string;
}

export type Align = "left" | "center" | "right" | "justify";

export interface ParagraphOptions {
  align?: Align;
  /** Points of space after the paragraph. */
  spaceAfter?: number;
  /** Points of space before the paragraph. */
  spaceBefore?: number;
  /** First-line indent in characters (公文: 2). */
  firstLineChars?: number;
  /** Line spacing in points (exact), e.g. 28 for 公文 body text. */
  lineExact?: number;
  /** Left indent in characters (quotes, nested lists). */
  leftChars?: number;
  keepNext?: boolean;
}

export interface Paragraph extends ParagraphOptions {
  kind: "paragraph";
  runs: Run[];
}

export interface Heading extends ParagraphOptions {
  kind: "heading";
  /** 1–4: Word's built-in "heading n" styles (navigation pane, outline level). */
  level: 1 | 2 | 3 | 4;
  runs: Run[];
}

export interface TableCell {
  paragraphs: Paragraph[];
  /** Background, RRGGBB. */
  fill?: string;
  /** Vertical merge: "restart" opens a merged cell, "continue" extends the one above. */
  vMerge?: "restart" | "continue";
  vAlign?: "top" | "center" | "bottom";
}

export interface Table {
  kind: "table";
  /** Column widths in millimetres. */
  columns: number[];
  /** Repeated at the top of every page. */
  header?: TableCell[];
  rows: TableCell[][];
}

export interface PageBreak {
  kind: "pageBreak";
}

/** A PNG picture in its own paragraph. */
export interface Image {
  kind: "image";
  png: Uint8Array;
  /** Millimetres on the page. */
  widthMm: number;
  heightMm: number;
  align?: Align;
  /** Alternative text. */
  description?: string;
}

export type Block = Paragraph | Heading | Table | PageBreak | Image;

export interface PageSetup {
  size?: "A4" | "A3";
  orientation?: "portrait" | "landscape";
  /** Millimetres. */
  margins?: { top: number; right: number; bottom: number; left: number };
  /** Distances of header and footer from the page edge, millimetres (15 and 17.5 otherwise). */
  header?: number;
  footer?: number;
  /** Line pitch of the document grid in points (公文: 22 lines on the page). */
  linePitch?: number;
}

/** A font the document uses, declared in fontTable.xml so Word substitutes sensibly where it is missing. */
export interface FontDeclaration {
  name: string;
  /** The name Word tries next (e.g. 仿宋 for 仿宋_GB2312). */
  altName?: string;
  /** 86 = GB2312, 0 = ANSI. */
  charset?: number;
  family?: "roman" | "swiss" | "modern" | "script" | "decorative" | "auto";
  pitch?: "fixed" | "variable";
}

export interface DocxDocument {
  page?: PageSetup;
  /** Default font and size of the document (styles.xml docDefaults). */
  defaults?: { font?: string; latinFont?: string; size?: number };
  /** Heading fonts and sizes (level → run options); Word's blue defaults otherwise. */
  headingStyles?: Partial<Record<1 | 2 | 3 | 4, Pick<Run, "font" | "size" | "bold">>>;
  /**
   * Page numbers in the footer; `format` wraps the number, "{page}" marks it (e.g. "— {page} —").
   * position "outside": odd pages right, even pages left, `indentChars` characters from the edge
   * of the text (公文: one); "center" otherwise.
   */
  pageNumbers?: { format?: string; size?: number; font?: string; position?: "center" | "outside"; indentChars?: number };
  /** Fonts to declare with their fallbacks (word/fontTable.xml). */
  fonts?: FontDeclaration[];
  /** Core properties: the title shown by file managers and Word's Info pane. */
  title?: string;
  blocks: Block[];
}

// ——— helpers for callers ———

export const run = (text: string, o: Omit<Run, "text"> = {}): Run => ({ text, ...o });
export const paragraph = (content: string | Run[], o: ParagraphOptions & Omit<Run, "text"> = {}): Paragraph => {
  const { align, spaceAfter, spaceBefore, firstLineChars, lineExact, keepNext, ...runOptions } = o;
  return {
    kind: "paragraph",
    runs: typeof content === "string" ? [run(content, runOptions)] : content,
    align, spaceAfter, spaceBefore, firstLineChars, lineExact, keepNext,
  };
};
export const heading = (level: Heading["level"], text: string, o: ParagraphOptions = {}): Heading => ({ kind: "heading", level, runs: [run(text)], ...o });
export const cell = (content: string | Paragraph[], o: { fill?: string } & ParagraphOptions & Omit<Run, "text"> = {}): TableCell => {
  const { fill, ...rest } = o;
  return { paragraphs: typeof content === "string" ? [paragraph(content, rest)] : content, fill };
};

// ——— units and escaping ———

const twips = (mm: number) => Math.round((mm * 1440) / 25.4);
const halfPoints = (pt: number) => Math.round(pt * 2);
const pointTwips = (pt: number) => Math.round(pt * 20);

const PAGE_SIZES = { A4: [210, 297], A3: [297, 420] } as const;
/** GB/T 9704 (公文) margins: top 37, bottom 35, left 28, right 26 mm. */
export const GONGWEN_MARGINS = { top: 37, right: 26, bottom: 35, left: 28 } as const;

/** Characters XML 1.0 cannot contain (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/FFFF). */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function xmlText(s: string): string {
  return s.replace(NOT_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const attr = xmlText;

// ——— WordprocessingML ———

const W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function fonts(font: string, latin?: string): string {
  const l = attr(latin ?? font);
  return `<w:rFonts w:ascii="${l}" w:hAnsi="${l}" w:eastAsia="${attr(font)}" w:cs="${l}"/>`;
}

function runProps(r: Omit<Run, "text">): string {
  const parts = [
    r.font || r.latinFont ? fonts(r.font ?? r.latinFont!, r.latinFont) : "",
    r.bold ? "<w:b/><w:bCs/>" : "",
    r.italic ? "<w:i/><w:iCs/>" : "",
    r.strike ? "<w:strike/>" : "",
    r.color && /^[0-9A-Fa-f]{6}$/.test(r.color) ? `<w:color w:val="${r.color}"/>` : "",
    r.size ? `<w:sz w:val="${halfPoints(r.size)}"/><w:szCs w:val="${halfPoints(r.size)}"/>` : "",
    r.underline ? '<w:u w:val="single"/>' : "",
  ].join("");
  return parts ? `<w:rPr>${parts}</w:rPr>` : "";
}

/** A run; line breaks become <w:br/>, tabs <w:tab/>. */
function runXml(r: Run): string {
  const pieces = r.text.replace(/\r\n?/g, "\n").split(/(\n|\t)/);
  const body = pieces
    .map((p) => (p === "\n" ? "<w:br/>" : p === "\t" ? "<w:tab/>" : p ? `<w:t xml:space="preserve">${xmlText(p)}</w:t>` : ""))
    .join("");
  return `<w:r>${runProps(r)}${body}</w:r>`;
}

function paragraphProps(p: ParagraphOptions, style?: string): string {
  const spacing: string[] = [];
  if (p.spaceBefore !== undefined) spacing.push(`w:before="${pointTwips(p.spaceBefore)}"`);
  if (p.spaceAfter !== undefined) spacing.push(`w:after="${pointTwips(p.spaceAfter)}"`);
  if (p.lineExact !== undefined) spacing.push(`w:line="${pointTwips(p.lineExact)}" w:lineRule="exact"`);
  const jc = { left: "left", center: "center", right: "right", justify: "both" } as const;
  const parts = [
    style ? `<w:pStyle w:val="${style}"/>` : "",
    p.keepNext ? "<w:keepNext/>" : "",
    spacing.length ? `<w:spacing ${spacing.join(" ")}/>` : "",
    p.firstLineChars || p.leftChars
      ? `<w:ind${p.leftChars ? ` w:leftChars="${Math.round(p.leftChars * 100)}"` : ""}${p.firstLineChars ? ` w:firstLineChars="${Math.round(p.firstLineChars * 100)}"` : ""}/>`
      : "",
    p.align ? `<w:jc w:val="${jc[p.align]}"/>` : "",
  ].join("");
  return parts ? `<w:pPr>${parts}</w:pPr>` : "";
}

function paragraphXml(p: Paragraph | Heading): string {
  const style = p.kind === "heading" ? `Heading${p.level}` : undefined;
  return `<w:p>${paragraphProps(p, style)}${p.runs.map(runXml).join("")}</w:p>`;
}

const BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="000000"';

function tableXml(t: Table): string {
  const widths = t.columns.map(twips);
  const total = widths.reduce((a, b) => a + b, 0);
  const cellXml = (c: TableCell, i: number) => {
    const shade = c.fill && /^[0-9A-Fa-f]{6}$/.test(c.fill) ? `<w:shd w:val="clear" w:color="auto" w:fill="${c.fill}"/>` : "";
    const merge = c.vMerge ? `<w:vMerge${c.vMerge === "restart" ? ' w:val="restart"' : ""}/>` : "";
    const vAlign = c.vAlign ? `<w:vAlign w:val="${c.vAlign}"/>` : "";
    const paragraphs = c.paragraphs.length ? c.paragraphs.map(paragraphXml).join("") : "<w:p/>"; // a cell needs a paragraph
    return `<w:tc><w:tcPr><w:tcW w:w="${widths[i] ?? 0}" w:type="dxa"/>${merge}${shade}${vAlign}</w:tcPr>${paragraphs}</w:tc>`;
  };
  const rowXml = (cells: TableCell[], header: boolean) => {
    const padded = [...cells, ...Array.from({ length: Math.max(0, widths.length - cells.length) }, () => ({ paragraphs: [] }))];
    return `<w:tr><w:trPr><w:cantSplit/>${header ? "<w:tblHeader/>" : ""}</w:trPr>${padded.slice(0, widths.length).map(cellXml).join("")}</w:tr>`;
  };
  return (
    `<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="${total}" w:type="dxa"/>` +
    `<w:tblBorders><w:top ${BORDER}/><w:left ${BORDER}/><w:bottom ${BORDER}/><w:right ${BORDER}/><w:insideH ${BORDER}/><w:insideV ${BORDER}/></w:tblBorders>` +
    `<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>` +
    `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join("")}</w:tblGrid>` +
    (t.header ? rowXml(t.header, true) : "") +
    t.rows.map((r) => rowXml(r, false)).join("") +
    `</w:tbl>`
  );
}

const EMU_PER_MM = 36_000;
const WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
const A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main";
const PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture";

/** An inline picture (DrawingML); `n` numbers it (docPr id, relationship rIdImage<n>). */
function imageXml(img: Image, n: number): string {
  const cx = Math.round(img.widthMm * EMU_PER_MM);
  const cy = Math.round(img.heightMm * EMU_PER_MM);
  const descr = attr(img.description ?? "");
  return (
    `<w:p>${paragraphProps({ align: img.align })}<w:r><w:drawing>` +
    `<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="${cx}" cy="${cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>` +
    `<wp:docPr id="${n}" name="Picture ${n}" descr="${descr}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>` +
    `<a:graphic><a:graphicData uri="${PIC_NS}"><pic:pic><pic:nvPicPr><pic:cNvPr id="${n}" name="image${n}.png" descr="${descr}"/><pic:cNvPicPr/></pic:nvPicPr>` +
    `<pic:blipFill><a:blip r:embed="rIdImage${n}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
    `<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>` +
    `</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`
  );
}

function blockXml(b: Block, images: Image[]): string {
  switch (b.kind) {
    case "paragraph":
    case "heading":
      return paragraphXml(b);
    case "table":
      return tableXml(b);
    case "pageBreak":
      return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>';
    case "image":
      images.push(b);
      return imageXml(b, images.length);
  }
}

const outsideNumbers = (doc: DocxDocument) => doc.pageNumbers?.position === "outside";

function sectionXml(doc: DocxDocument): string {
  const size = PAGE_SIZES[doc.page?.size ?? "A4"];
  const landscape = doc.page?.orientation === "landscape";
  const [w, h] = landscape ? [size[1], size[0]] : [size[0], size[1]];
  const m = doc.page?.margins ?? GONGWEN_MARGINS;
  const header = doc.page?.header !== undefined ? twips(doc.page.header) : 851;
  const footer = doc.page?.footer !== undefined ? twips(doc.page.footer) : 992;
  return (
    "<w:sectPr>" +
    (doc.pageNumbers ? '<w:footerReference w:type="default" r:id="rIdFooter1"/>' : "") +
    (outsideNumbers(doc) ? '<w:footerReference w:type="even" r:id="rIdFooter2"/>' : "") +
    `<w:pgSz w:w="${twips(w)}" w:h="${twips(h)}"${landscape ? ' w:orient="landscape"' : ""}/>` +
    `<w:pgMar w:top="${twips(m.top)}" w:right="${twips(m.right)}" w:bottom="${twips(m.bottom)}" w:left="${twips(m.left)}" w:header="${header}" w:footer="${footer}" w:gutter="0"/>` +
    (doc.page?.linePitch ? `<w:docGrid w:type="lines" w:linePitch="${pointTwips(doc.page.linePitch)}"/>` : "") +
    "</w:sectPr>"
  );
}

function documentXml(doc: DocxDocument, images: Image[]): string {
  const blocks = doc.blocks.map((b) => blockXml(b, images));
  // Word wants the body to end with a paragraph, not a table.
  if (!doc.blocks.length || doc.blocks.at(-1)!.kind === "table") blocks.push("<w:p/>");
  const drawing = images.length ? ` xmlns:wp="${WP_NS}" xmlns:a="${A_NS}" xmlns:pic="${PIC_NS}"` : "";
  return `${XML_DECL}<w:document xmlns:w="${W_NS}" xmlns:r="${R_NS}"${drawing}><w:body>${blocks.join("")}${sectionXml(doc)}</w:body></w:document>`;
}

function stylesXml(doc: DocxDocument): string {
  const font = doc.defaults?.font ?? "宋体";
  const latin = doc.defaults?.latinFont ?? "Times New Roman";
  const size = halfPoints(doc.defaults?.size ?? 12);
  const headingDefaults: Record<1 | 2 | 3 | 4, { size: number; font?: string; bold?: boolean }> = {
    1: { size: 16, font: "黑体", bold: false },
    2: { size: 16, font: "楷体_GB2312", bold: false },
    3: { size: 16, bold: true },
    4: { size: 16, bold: false },
  };
  const headings = ([1, 2, 3, 4] as const)
    .map((level) => {
      const s = { ...headingDefaults[level], ...doc.headingStyles?.[level] };
      return (
        `<w:style w:type="paragraph" w:styleId="Heading${level}"><w:name w:val="heading ${level}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
        `<w:pPr><w:keepNext/><w:spacing w:before="120" w:after="120"/><w:outlineLvl w:val="${level - 1}"/></w:pPr>` +
        `<w:rPr>${s.font ? fonts(s.font, latin) : ""}${s.bold ? "<w:b/><w:bCs/>" : ""}<w:sz w:val="${halfPoints(s.size)}"/><w:szCs w:val="${halfPoints(s.size)}"/></w:rPr></w:style>`
      );
    })
    .join("");
  return (
    `${XML_DECL}<w:styles xmlns:w="${W_NS}">` +
    `<w:docDefaults><w:rPrDefault><w:rPr>${fonts(font, latin)}<w:sz w:val="${size}"/><w:szCs w:val="${size}"/><w:lang w:val="zh-CN" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
    `<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
    `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
    headings +
    `<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
    `<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top ${BORDER}/><w:left ${BORDER}/><w:bottom ${BORDER}/><w:right ${BORDER}/><w:insideH ${BORDER}/><w:insideV ${BORDER}/></w:tblBorders></w:tblPr></w:style>` +
    `<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr></w:style>` +
    `</w:styles>`
  );
}

/** A footer with the page number: centred, or at the right (odd pages) / left (even pages) edge. */
function footerXml(doc: DocxDocument, side: "center" | "right" | "left"): string {
  const o = doc.pageNumbers ?? {};
  const format = o.format ?? "— {page} —";
  const [before = "", after = ""] = format.split("{page}");
  const size = o.size ?? 14;
  const props = runProps({ size, font: o.font });
  const text = (s: string) => (s ? `<w:r>${props}<w:t xml:space="preserve">${xmlText(s)}</w:t></w:r>` : "");
  const indent = Math.round((o.indentChars ?? 1) * pointTwips(size));
  const ind = side === "right" ? `<w:ind w:right="${indent}"/>` : side === "left" ? `<w:ind w:left="${indent}"/>` : "";
  return (
    `${XML_DECL}<w:ftr xmlns:w="${W_NS}" xmlns:r="${R_NS}"><w:p><w:pPr><w:pStyle w:val="Footer"/>${ind}<w:jc w:val="${side}"/></w:pPr>` +
    `${text(before)}<w:fldSimple w:instr=" PAGE "><w:r>${props}<w:t>1</w:t></w:r></w:fldSimple>${text(after)}</w:p></w:ftr>`
  );
}

function fontTableXml(doc: DocxDocument): string {
  const fontsXml = (doc.fonts ?? [])
    .map(
      (f) =>
        `<w:font w:name="${attr(f.name)}">` +
        (f.altName ? `<w:altName w:val="${attr(f.altName)}"/>` : "") +
        (f.charset !== undefined ? `<w:charset w:val="${f.charset.toString(16).toUpperCase().padStart(2, "0")}"/>` : "") +
        (f.family ? `<w:family w:val="${f.family}"/>` : "") +
        (f.pitch ? `<w:pitch w:val="${f.pitch}"/>` : "") +
        `</w:font>`,
    )
    .join("");
  return `${XML_DECL}<w:fonts xmlns:w="${W_NS}">${fontsXml}</w:fonts>`;
}

function coreXml(doc: DocxDocument, modified: Date): string {
  const at = modified.toISOString().replace(/\.\d{3}Z$/, "Z");
  return (
    `${XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:title>${xmlText(doc.title ?? "")}</dc:title><dc:creator>协审 Xieshen</dc:creator>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${at}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${at}</dcterms:modified></cp:coreProperties>`
  );
}

const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const CT = "application/vnd.openxmlformats-officedocument";

/** The .docx file's bytes. `modified` fixes the package's timestamps (reproducible output in tests). */
export function writeDocx(doc: DocxDocument, o: { modified?: Date } = {}): Buffer {
  const modified = o.modified ?? new Date();
  const footer = !!doc.pageNumbers;
  const evenOdd = outsideNumbers(doc);
  const fontTable = !!doc.fonts?.length;
  const images: Image[] = [];
  const document = documentXml(doc, images);
  const contentTypes =
    `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
    (images.length ? `<Default Extension="png" ContentType="image/png"/>` : "") +
    `<Override PartName="/word/document.xml" ContentType="${CT}.wordprocessingml.document.main+xml"/>` +
    `<Override PartName="/word/styles.xml" ContentType="${CT}.wordprocessingml.styles+xml"/>` +
    (footer ? `<Override PartName="/word/footer1.xml" ContentType="${CT}.wordprocessingml.footer+xml"/>` : "") +
    (evenOdd ? `<Override PartName="/word/footer2.xml" ContentType="${CT}.wordprocessingml.footer+xml"/>` : "") +
    (evenOdd ? `<Override PartName="/word/settings.xml" ContentType="${CT}.wordprocessingml.settings+xml"/>` : "") +
    (fontTable ? `<Override PartName="/word/fontTable.xml" ContentType="${CT}.wordprocessingml.fontTable+xml"/>` : "") +
    `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
    `</Types>`;
  const rootRels =
    `${XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/>` +
    `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
    `</Relationships>`;
  const documentRels =
    `${XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `<Relationship Id="rIdStyles" Type="${REL}/styles" Target="styles.xml"/>` +
    (footer ? `<Relationship Id="rIdFooter1" Type="${REL}/footer" Target="footer1.xml"/>` : "") +
    (evenOdd ? `<Relationship Id="rIdFooter2" Type="${REL}/footer" Target="footer2.xml"/>` : "") +
    (evenOdd ? `<Relationship Id="rIdSettings" Type="${REL}/settings" Target="settings.xml"/>` : "") +
    (fontTable ? `<Relationship Id="rIdFontTable" Type="${REL}/fontTable" Target="fontTable.xml"/>` : "") +
    images.map((_, i) => `<Relationship Id="rIdImage${i + 1}" Type="${REL}/image" Target="media/image${i + 1}.png"/>`).join("") +
    `</Relationships>`;
  return zip(
    [
      { name: "[Content_Types].xml", data: contentTypes },
      { name: "_rels/.rels", data: rootRels },
      { name: "word/document.xml", data: document },
      { name: "word/styles.xml", data: stylesXml(doc) },
      { name: "word/_rels/document.xml.rels", data: documentRels },
      ...(footer ? [{ name: "word/footer1.xml", data: footerXml(doc, evenOdd ? "right" : "center") }] : []),
      ...(evenOdd
        ? [
            { name: "word/footer2.xml", data: footerXml(doc, "left") },
            { name: "word/settings.xml", data: `${XML_DECL}<w:settings xmlns:w="${W_NS}"><w:evenAndOddHeaders/></w:settings>` },
          ]
        : []),
      ...(fontTable ? [{ name: "word/fontTable.xml", data: fontTableXml(doc) }] : []),
      // PNG is compressed already.
      ...images.map((img, i) => ({ name: `word/media/image${i + 1}.png`, data: img.png, store: true })),
      { name: "docProps/core.xml", data: coreXml(doc, modified) },
    ],
    { modified },
  );
}
