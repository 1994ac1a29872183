import mammoth from "mammoth";
import { describe, expect, it } from "vitest";
import { openDocxPackage } from "@/lib/import/zip-guard";
import type { PMJSONNode } from "@/lib/sections/outline";
import { officialBlocks, type SignoffSheet } from "./official";
import { officialDocx } from "./official-docx";
import { htmlText, officialHtml } from "./official-html";
import { qrPng } from "./png";
import { encodeQr, qrToSvg } from "./qr";
import { sheetWords, versionFileName } from "./version-export";

// The official layout (GB/T 9704-2012 style) as the files carry it: page size and margins,
// fonts and sizes, exact line pitch, indents, page numbers, heading labels computed from the
// outline, and the sign-off sheet last — in the .docx's XML (and read back by mammoth) and in
// the print HTML the PDF is made from.

const t = (text: string, marks?: string[]): PMJSONNode => ({ type: "text", text, ...(marks ? { marks: marks.map((type) => ({ type })) } : {}) });
const p = (...content: PMJSONNode[]): PMJSONNode => ({ type: "paragraph", content });
const h = (level: number, sid: string, text: string): PMJSONNode => ({ type: "heading", attrs: { level, sid }, content: [t(text)] });

const TITLE = "关于推进全区数字经济发展的调研报告";
const HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const HOSTILE = '<img src=x onerror=alert(1)> & "引号" \u0007';

const content: PMJSONNode = {
  type: "doc",
  content: [
    p(t(TITLE)), // the import's title line: printed once, as the title
    p(t("区政协各专委会：")),
    h(1, "s1", "总体要求"),
    p(t("坚持以人民为中心。"), t("重点", ["bold"]), t("突出。"), { type: "hardBreak" }, t("第二行")),
    h(2, "s2", "主要任务"),
    p(t(HOSTILE)),
    h(2, "s3", "工作安排"),
    h(3, "s4", "近期"),
    h(4, "s5", "第一季度"),
    { type: "orderedList", attrs: { start: 1 }, content: [{ type: "listItem", content: [p(t("调研"))] }, { type: "listItem", content: [p(t("起草"))] }] },
    { type: "blockquote", content: [p(t("引用的话"))] },
    h(1, "s6", "保障措施"),
    p(t("加强组织领导。")),
    p(),
  ],
};

const at = new Date("2026-03-01T00:30:00Z"); // 08:30 in Beijing
const sheet: SignoffSheet = {
  title: TITLE,
  number: 2,
  label: "送审稿",
  hash: HASH,
  frozenAt: at,
  final: true,
  round: { status: "APPROVED", completedAt: at },
  stages: [
    { name: "专委会主任", threshold: "ALL", size: 1, signers: [{ name: "张主任", decision: "APPROVE", at, comment: "同意。" }] },
    {
      name: "副主席",
      threshold: { k: 1 },
      size: 2,
      signers: [
        { name: "王副主席", decision: "RETURN", at, comment: `请补充数据。${HOSTILE}` },
        { name: "赵副主席", decision: null, at: null, comment: "" },
      ],
    },
  ],
  verifyUrl: `http://127.0.0.1:3200/verify/${HASH}`,
  generatedAt: at,
};

const blocks = officialBlocks(content, TITLE);
const words = sheetWords(sheet, "zh-CN");
const qr = encodeQr(sheet.verifyUrl);
const docx = officialDocx({ title: TITLE, blocks, sheet, words, qrPng: qrPng(qr) });
const part = async (name: string) => String(await openDocxPackage(new Uint8Array(docx)).read(name, "utf8"));

describe("official layout model", () => {
  it("labels top-level headings 一、（一）1.（1）from the outline, prints the title line once and drops trailing empty paragraphs", () => {
    expect(blocks.filter((b) => b.kind === "heading").map((b) => (b.kind === "heading" ? `${b.level}:${b.label}${b.runs.map((r) => r.text).join("")}` : ""))).toEqual([
      "1:一、总体要求",
      "2:（一）主要任务",
      "2:（二）工作安排",
      "3:1.近期",
      "4:（1）第一季度",
      "1:二、保障措施",
    ]);
    expect(blocks[0]).toMatchObject({ kind: "paragraph", runs: [{ text: "区政协各专委会：" }] });
    expect(blocks.at(-1)).toMatchObject({ kind: "paragraph", runs: [{ text: "加强组织领导。" }] });
  });

  it("keeps marks, hard breaks, list markers and quote indents", () => {
    expect(blocks[2]).toEqual({
      kind: "paragraph",
      indent: 0,
      marker: undefined,
      runs: [{ text: "坚持以人民为中心。" }, { text: "重点", bold: true }, { text: "突出。" }, { text: "\n" }, { text: "第二行" }],
    });
    expect(blocks.filter((b) => b.kind === "paragraph" && b.marker).map((b) => (b.kind === "paragraph" ? `${b.marker}${b.runs[0]!.text}@${b.indent}` : ""))).toEqual(["1.调研@1", "2.起草@1"]);
    expect(blocks).toContainEqual({ kind: "paragraph", indent: 1, marker: undefined, runs: [{ text: "引用的话" }] });
  });

  it("phrases the sheet in zh-CN and en, and names files <标题>-v<n>-<label>", () => {
    expect(words.statusText).toBe("已定稿（2026-03-01 08:30）");
    expect(words.thresholdText(sheet.stages[1]!)).toBe("2 人中 1 人");
    expect(words.thresholdText(sheet.stages[0]!)).toBe("全部同意");
    expect(sheetWords({ ...sheet, final: false, round: { status: "REOPENED", completedAt: at } }, "zh-CN").statusText).toBe("曾于 2026-03-01 08:30 定稿，其后已重新打开");
    expect(sheetWords({ ...sheet, final: false, round: { status: "OPEN", completedAt: null } }, "zh-CN").statusText).toBe("审签中");
    expect(sheetWords({ ...sheet, final: false, round: null }, "en").statusText).toBe("Not submitted for sign-off");
    expect(versionFileName({ title: "关于/数字经济:报告", number: 2, label: "送审稿" }, "docx")).toEqual({ name: "关于 数字经济 报告-v2-送审稿.docx", ascii: "version-2.docx" });
  });
});

describe("official .docx", () => {
  it("A4 with the 公文 margins (37/35/28/26 mm), footers for odd and even pages, a 22-line grid", async () => {
    const doc = await part("word/document.xml");
    expect(doc).toContain('<w:pgSz w:w="11906" w:h="16838"/>');
    // 37 mm = 2098 twips, 26 mm = 1474, 35 mm = 1984, 28 mm = 1587.
    expect(doc).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" /);
    expect(doc).toContain('<w:footerReference w:type="default" r:id="rIdFooter1"/><w:footerReference w:type="even" r:id="rIdFooter2"/>');
    expect(doc).toContain('<w:docGrid w:type="lines" w:linePitch="579"/>');
    expect(await part("word/settings.xml")).toContain("<w:evenAndOddHeaders/>");
  });

  it("page numbers “— 1 —” in 4号 宋体: odd pages right, even pages left, one character in", async () => {
    const odd = await part("word/footer1.xml");
    const even = await part("word/footer2.xml");
    expect(odd).toContain('<w:ind w:right="280"/><w:jc w:val="right"/>');
    expect(even).toContain('<w:ind w:left="280"/><w:jc w:val="left"/>');
    for (const f of [odd, even]) {
      expect(f).toContain('w:instr=" PAGE "');
      expect(f).toContain('w:eastAsia="宋体"');
      expect(f).toContain('<w:sz w:val="28"/>');
      expect(f).toContain(">— </w:t>");
      expect(f).toContain("> —</w:t>");
    }
  });

  it("title 2号 bold 方正小标宋简体 centred; body 3号 仿宋_GB2312, exact 28.95 pt lines, two-character first-line indent", async () => {
    const doc = await part("word/document.xml");
    const styles = await part("word/styles.xml");
    const title = doc.match(/<w:p>(?:(?!<w:p>).)*?关于推进全区数字经济发展的调研报告<\/w:t><\/w:r><\/w:p>/)![0];
    expect(title).toContain('<w:jc w:val="center"/>');
    expect(title).toContain('w:eastAsia="方正小标宋简体"');
    expect(title).toContain("<w:b/>");
    expect(title).toContain('<w:sz w:val="44"/>'); // half-points: 22 pt
    expect(styles).toMatch(/<w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" w:cs="Times New Roman"\/><w:sz w:val="32"\/>/);
    const body = doc.match(/<w:p><w:pPr>(?:(?!<w:p>).)*?坚持以人民为中心。/)![0];
    expect(body).toContain('<w:spacing w:before="0" w:after="0" w:line="579" w:lineRule="exact"/>');
    expect(body).toContain('<w:ind w:firstLineChars="200"/>');
    expect(body).toContain('<w:jc w:val="both"/>');
    // The title line of the content is not printed a second time.
    expect(doc.split(TITLE).length - 1).toBe(2); // the title, and the sheet's 稿件标题 row
  });

  it("headings: level 1 黑体, level 2 楷体_GB2312, levels 3–4 仿宋, all 3号 and indented two characters, labels as text", async () => {
    const styles = await part("word/styles.xml");
    const style = (n: number) => styles.match(new RegExp(`<w:style w:type="paragraph" w:styleId="Heading${n}">.*?</w:style>`))![0];
    expect(style(1)).toContain('w:eastAsia="黑体"');
    expect(style(2)).toContain('w:eastAsia="楷体_GB2312"');
    expect(style(3)).toContain('w:eastAsia="仿宋_GB2312"');
    expect(style(4)).toContain('w:eastAsia="仿宋_GB2312"');
    for (const n of [1, 2, 3, 4]) {
      expect(style(n)).toContain('<w:sz w:val="32"/>');
      expect(style(n)).not.toContain("<w:b/>");
    }
    const doc = await part("word/document.xml");
    const h1 = doc.match(/<w:p><w:pPr><w:pStyle w:val="Heading1"\/>(?:(?!<w:p>).)*?<\/w:p>/)![0];
    expect(h1).toContain('<w:ind w:firstLineChars="200"/>');
    expect(h1).toContain("<w:keepNext/>");
    expect(h1).toContain(">一、</w:t>");
  });

  it("declares each font with the name Word tries next", async () => {
    const fonts = await part("word/fontTable.xml");
    for (const [name, alt] of [["方正小标宋简体", "华文中宋"], ["仿宋_GB2312", "仿宋"], ["黑体", "SimHei"], ["楷体_GB2312", "楷体"], ["宋体", "SimSun"]]) {
      expect(fonts).toContain(`<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:charset w:val="86"/>`);
    }
  });

  it("ends with the sign-off sheet on a page of its own: hash, stages, decisions, times, comments, link and a PNG QR code", async () => {
    const doc = await part("word/document.xml");
    const sheetStart = doc.lastIndexOf('<w:br w:type="page"/>');
    expect(sheetStart).toBeGreaterThan(doc.indexOf("加强组织领导。"));
    const sheetXml = doc.slice(sheetStart);
    for (const s of ["审签单", "第 2 版　送审稿", HASH, "第1步　专委会主任（全部同意）", "第2步　副主席（2 人中 1 人）", "张主任", "同意", "王副主席", "退回修改", "赵副主席", "未签", "2026-03-01 08:30", "请补充数据。", sheet.verifyUrl]) {
      expect(sheetXml).toContain(xmlish(s));
    }
    expect(sheetXml).toContain('<w:vMerge w:val="restart"/>');
    expect(sheetXml).toContain('<a:blip r:embed="rIdImage1"/>');
    expect(await part("word/_rels/document.xml.rels")).toContain('Target="media/image1.png"');
    expect(await part("[Content_Types].xml")).toContain('<Default Extension="png" ContentType="image/png"/>');
    // Hostile text stays text.
    expect(doc).toContain("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;引号&quot;");
    expect(doc).not.toMatch(/\u0007/);
  });

  it("reads back with mammoth: title, headings with their labels, the sheet with the hash", async () => {
    const { value: html, messages } = await mammoth.convertToHtml({ buffer: docx });
    expect(messages.filter((m) => m.type === "error")).toEqual([]);
    expect(html.startsWith(`<p><strong>${TITLE}</strong></p><p>区政协各专委会：</p>`)).toBe(true);
    expect(html).toContain("<h1>一、总体要求</h1>");
    expect(html).toContain("<h2>（一）主要任务</h2>");
    expect(html).toContain("<h2>（二）工作安排</h2>");
    expect(html).toContain("<h3>1.近期</h3>");
    expect(html).toContain("<h4>（1）第一季度</h4>");
    expect(html).toContain("<h1>二、保障措施</h1>");
    expect(html).toContain("坚持以人民为中心。<strong>重点</strong>突出。<br />第二行");
    expect(html).toContain(HASH);
    expect(html).toContain("审签单");
    // The QR code: a PNG of (modules + 8 of quiet zone) × 8 pixels, its alternative text the link.
    const src = html.match(/<img alt="([^"]*)" src="data:image\/png;base64,([^"]+)"/)!;
    expect(src[1]).toBe(sheet.verifyUrl);
    const png = Buffer.from(src[2]!, "base64");
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe((qr.size + 8) * 8);
    expect(html).not.toContain("<img src=x");
  });
});

describe("official print HTML (for the PDF)", () => {
  const html = officialHtml({ title: TITLE, blocks, sheet, words, qrSvg: qrToSvg(qr), lang: "zh-CN" });

  it("prints A4 with the 公文 margins, page numbers outside, the font chains ending in Noto CJK", () => {
    expect(html).toContain("@page { size: A4 portrait; margin: 37mm 26mm 35mm 28mm; }");
    expect(html).toMatch(/@page :right \{ @bottom-right \{ content: "— " counter\(page\) " —";/);
    expect(html).toMatch(/@page :left \{ @bottom-left \{ content: "— " counter\(page\) " —";/);
    expect(html).toContain('.title { font-family: "方正小标宋简体", "华文中宋", "宋体", "SimSun", "Noto Serif CJK SC", serif; font-size: 22pt; font-weight: bold;');
    expect(html).toContain('"仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 28.95pt;');
    expect(html).toContain('h2 { font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; }');
    expect(html).toContain('h3 { font-family: "楷体_GB2312", "楷体", "KaiTi", "Noto Serif CJK SC", serif; }');
    expect(html).toContain("text-indent: 2em");
  });

  it("is inert: text escaped, no script, a CSP that loads nothing", () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;引号&quot;");
    expect(html).not.toMatch(/<script|<img|\u0007/i);
    expect(htmlText(`a'b"<`)).toBe("a&#39;b&quot;&lt;");
  });

  it("has headings with labels, the sheet last with the hash and the QR as SVG", () => {
    expect(html).toContain("<h2>一、总体要求</h2>");
    expect(html).toContain("<h3>（一）主要任务</h3>");
    expect(html).toContain("<h5>（1）第一季度</h5>");
    const sheetAt = html.indexOf('<section class="sheet">');
    expect(sheetAt).toBeGreaterThan(html.indexOf("加强组织领导。"));
    const sheetHtml = html.slice(sheetAt);
    expect(sheetHtml).toContain(`<p class="hash mono">${HASH}</p>`);
    expect(sheetHtml).toContain('<td rowspan="2">第2步　副主席（2 人中 1 人）</td>');
    expect(sheetHtml).toContain("<svg");
    expect(sheetHtml).toContain(sheet.verifyUrl);
  });
});

/** A string as the XML has it. */
function xmlish(s: string) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
