import { FONT_CHAINS, GONGWEN, LATIN_FONT, sheetRows, type OfficialBlock, type OfficialRun, type SheetWords, type SignoffSheet } from "./official";

// The official layout as print HTML, for the PDF (pdf.ts prints it with headless Chromium): the
// same blocks and the same rules as official-docx.ts, written as CSS — @page A4 with the GB/T
// 9704 margins, page numbers “— 1 —” in the bottom margin boxes (right on odd pages, left on
// even pages), fonts as font-family chains ending in Debian's Noto CJK.
//
// The page is inert: every piece of document text is escaped, there is no script, and a
// Content-Security-Policy allows nothing but the inline stylesheet and data: images (the QR
// code is inline SVG anyway), so the renderer fetches nothing and runs nothing.

/** Text for HTML: markup characters escaped, control characters (but tab and newline) dropped. */
export function htmlText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const family = (chain: readonly string[], generic: "serif" | "sans-serif" | "monospace") => [...chain.map((f) => `"${f}"`), generic].join(", ");

const pt = (n: number) => `${n}pt`;
const mm = (n: number) => `${n}mm`;

export function officialCss(): string {
  const m = GONGWEN.margins;
  const pageNumber = `content: "— " counter(page) " —"; font-family: ${family(FONT_CHAINS.pageNumber, "serif")}; font-size: ${pt(GONGWEN.smallSize)}; vertical-align: top; padding-top: 7mm;`;
  return `
@page { size: A4 portrait; margin: ${mm(m.top)} ${mm(m.right)} ${mm(m.bottom)} ${mm(m.left)}; }
@page :right { @bottom-right { ${pageNumber} text-align: right; padding-right: 1em; } }
@page :left { @bottom-left { ${pageNumber} text-align: left; padding-left: 1em; } }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; font-variant-ligatures: none; }
body { margin: 0; color: #000; background: #fff; font-family: "${LATIN_FONT}", ${family(FONT_CHAINS.body, "serif")}; font-size: ${pt(GONGWEN.bodySize)}; line-height: ${pt(GONGWEN.line)}; }
.title { font-family: ${family(FONT_CHAINS.title, "serif")}; font-size: ${pt(GONGWEN.titleSize)}; font-weight: bold; line-height: ${pt(GONGWEN.titleLine)}; text-align: center; margin: 0 0 ${pt(GONGWEN.line)}; }
h2, h3, h4, h5, p { margin: 0; font-size: ${pt(GONGWEN.bodySize)}; line-height: ${pt(GONGWEN.line)}; font-weight: normal; }
h2, h3, h4, h5 { text-indent: ${GONGWEN.indentChars}em; break-after: avoid; }
h2 { font-family: ${family(FONT_CHAINS.heading1, "sans-serif")}; }
h3 { font-family: ${family(FONT_CHAINS.heading2, "serif")}; }
p { text-indent: ${GONGWEN.indentChars}em; text-align: justify; orphans: 2; widows: 2; }
p.item, p.code { text-indent: 0; }
p.code, .mono { font-family: ${family(FONT_CHAINS.mono, "monospace")}; }
p.code { white-space: pre-wrap; }
hr { border: 0; height: ${pt(GONGWEN.line)}; margin: 0; }
.sheet { break-before: page; font-size: ${pt(GONGWEN.tableSize)}; line-height: 20pt; }
.sheet h1 { font-family: ${family(FONT_CHAINS.title, "serif")}; font-size: ${pt(GONGWEN.titleSize)}; font-weight: bold; line-height: ${pt(GONGWEN.titleLine)}; text-align: center; margin: 0 0 14pt; }
.sheet table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.sheet th, .sheet td { border: 0.75pt solid #000; padding: 2pt 4pt; vertical-align: middle; font-size: ${pt(GONGWEN.tableSize)}; line-height: 20pt; text-indent: 0; overflow-wrap: anywhere; }
.sheet th, .sheet .label { font-family: ${family(FONT_CHAINS.heading1, "sans-serif")}; font-weight: normal; }
.sheet th { background: #f2f2f2; }
.sheet .center { text-align: center; }
.sheet p { text-indent: 0; font-size: ${pt(GONGWEN.tableSize)}; line-height: 20pt; text-align: left; }
.sheet .hash-label { font-family: ${family(FONT_CHAINS.heading1, "sans-serif")}; margin-top: 10pt; }
.sheet .hash { font-size: ${pt(GONGWEN.monoSize)}; white-space: nowrap; margin-bottom: 10pt; }
.sheet .verify { margin-top: 12pt; }
.sheet .qr { display: block; width: 30mm; height: 30mm; margin: 4pt 0; }
.sheet .qr svg { display: block; width: 30mm; height: 30mm; }
.sheet .url { font-size: 9pt; line-height: 14pt; overflow-wrap: anywhere; }
.sheet tr { break-inside: avoid; }
`;
}

function runsHtml(rs: readonly OfficialRun[]): string {
  return rs
    .map((r) => {
      let h = htmlText(r.text).replace(/\n/g, "<br>");
      if (r.code) h = `<span class="mono">${h}</span>`;
      if (r.bold) h = `<b>${h}</b>`;
      if (r.italic) h = `<i>${h}</i>`;
      if (r.underline) h = `<u>${h}</u>`;
      if (r.strike) h = `<s>${h}</s>`;
      return h;
    })
    .join("");
}

function blockHtml(b: OfficialBlock): string {
  switch (b.kind) {
    case "heading": {
      const tag = `h${b.level + 1}`;
      return `<${tag}>${htmlText(b.label)}${runsHtml(b.runs)}</${tag}>`;
    }
    case "paragraph": {
      const classes = [b.marker ? "item" : "", b.code ? "code" : ""].filter(Boolean).join(" ");
      const style = b.indent ? ` style="margin-left: ${b.indent * GONGWEN.indentChars}em"` : "";
      const marker = b.marker ? `${htmlText(b.marker)} ` : "";
      return `<p${classes ? ` class="${classes}"` : ""}${style}>${marker}${runsHtml(b.runs) || "&#8203;"}</p>`;
    }
    case "rule":
      return "<hr>";
  }
}

function sheetHtml(sheet: SignoffSheet, w: SheetWords, qrSvg: string | null): string {
  const rows = sheetRows(sheet, w);
  const spans = new Map<number, number>();
  rows.forEach((r, i) => {
    if (r.first) spans.set(i, 1);
    else {
      const start = [...spans.keys()].at(-1)!;
      spans.set(start, spans.get(start)! + 1);
    }
  });
  const stageTable = rows.length
    ? `<table><colgroup><col style="width:23%"><col style="width:15%"><col style="width:13%"><col style="width:24%"><col style="width:25%"></colgroup>` +
      `<thead><tr><th>${htmlText(w.stage)}</th><th>${htmlText(w.signer)}</th><th>${htmlText(w.decision)}</th><th>${htmlText(w.time)}</th><th>${htmlText(w.comment)}</th></tr></thead><tbody>` +
      rows
        .map(
          (r, i) =>
            `<tr>${r.first ? `<td rowspan="${spans.get(i)}">${htmlText(r.stage ?? "")}</td>` : ""}` +
            `<td>${htmlText(r.signer)}</td><td class="center">${htmlText(r.decision)}</td><td class="center">${htmlText(r.time)}</td><td>${htmlText(r.comment).replace(/\n/g, "<br>")}</td></tr>`,
        )
        .join("") +
      `</tbody></table>`
    : `<p>${htmlText(w.noRound)}</p>`;
  return (
    `<section class="sheet"><h1>${htmlText(w.title)}</h1>` +
    `<table><colgroup><col style="width:23%"><col></colgroup><tbody>` +
    [
      [w.draft, sheet.title],
      [w.version, w.versionValue(sheet.number, sheet.label)],
      [w.frozenAt, w.when(sheet.frozenAt)],
      [w.status, w.statusText],
    ]
      .map(([k, v]) => `<tr><td class="label">${htmlText(k!)}</td><td>${htmlText(v!)}</td></tr>`)
      .join("") +
    `</tbody></table>` +
    `<p class="hash-label">${htmlText(w.hash)}</p><p class="hash mono">${htmlText(sheet.hash)}</p>` +
    stageTable +
    `<p class="verify">${htmlText(w.verify)}</p>` +
    (qrSvg ? `<div class="qr">${qrSvg}</div>` : `<p>${htmlText(w.qrOmitted)}</p>`) +
    `<p class="url mono">${htmlText(sheet.verifyUrl)}</p>` +
    `<p>${htmlText(w.generated)}</p></section>`
  );
}

export interface OfficialHtmlInput {
  title: string;
  blocks: OfficialBlock[];
  sheet: SignoffSheet;
  words: SheetWords;
  /** The verification link as an SVG QR code (our own markup, qr.ts); null when it could not be drawn. */
  qrSvg: string | null;
  lang: string;
}

export function officialHtml(o: OfficialHtmlInput): string {
  return (
    `<!doctype html><html lang="${htmlText(o.lang)}"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">` +
    `<title>${htmlText(o.title)}</title><style>${officialCss()}</style></head><body>` +
    `<main><h1 class="title">${htmlText(o.title)}</h1>${o.blocks.map(blockHtml).join("")}</main>` +
    sheetHtml(o.sheet, o.words, o.qrSvg) +
    `</body></html>`
  );
}
