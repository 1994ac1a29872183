import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import mammoth from "mammoth";
import { describe, expect, it } from "vitest";
import { openDocxPackage } from "@/lib/import/zip-guard";
import { cell, heading, paragraph, run, writeDocx, xmlText, type DocxDocument } from "./docx";

// The .docx writer, read back the way others will read it: mammoth (its own JSZip and XML
// parser, as a stand-in for Word) must find the headings, the bold text and the table's
// cells; every part must be well-formed XML; the package has the parts Word requires.

const hostile = '<img src=x onerror=alert(1)> & "引号" \u0007铃\u0000空 \ud800孤';

const doc: DocxDocument = {
  title: "意见采纳情况 — 测试稿",
  page: { size: "A4", orientation: "landscape", margins: { top: 20, right: 15, bottom: 20, left: 15 } },
  defaults: { font: "仿宋_GB2312", size: 12 },
  pageNumbers: { format: "— {page} —" },
  blocks: [
    heading(1, "意见采纳情况"),
    paragraph([run("稿件："), run("关于推进全区数字经济发展的调研报告", { bold: true })]),
    paragraph("第一行\n第二行\t制表", { align: "justify", firstLineChars: 2, lineExact: 28 }),
    {
      kind: "table",
      columns: [12, 40, 25, 120, 30],
      header: [cell("序号", { bold: true, fill: "D9D9D9" }), cell("章节", { bold: true }), cell("提出人", { bold: true }), cell("意见内容", { bold: true }), cell("采纳情况", { bold: true })],
      rows: [
        [cell("1"), cell("（二）重点任务"), cell("乙委员"), cell("建议补充数据来源。\n第二段"), cell("部分采纳")],
        [cell("2"), cell("已脱离"), cell("丙委员"), cell(hostile), cell("")],
      ],
    },
  ],
};

const PARTS = ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels", "word/footer1.xml", "docProps/core.xml"];

const PYTHON = ["/usr/bin/python3", "/usr/local/bin/python3"].find((p) => existsSync(p));

/** Parse errors per part by Python's expat (strict XML 1.0), in one run; null without Python. */
function xmlErrors(parts: Record<string, string>): Record<string, string> | null {
  if (!PYTHON) return null;
  const script =
    "import sys, json, xml.dom.minidom as m\n" +
    "errs = {}\n" +
    "for k, v in json.load(sys.stdin).items():\n" +
    "    try: m.parseString(v.encode('utf-8'))\n" +
    "    except Exception as e: errs[k] = str(e)\n" +
    "print(json.dumps(errs))";
  return JSON.parse(execFileSync(PYTHON, ["-c", script], { input: JSON.stringify(parts), encoding: "utf8" })) as Record<string, string>;
}

describe("docx writer", () => {
  const bytes = writeDocx(doc, { modified: new Date("2026-03-01T08:00:00Z") });

  it("writes the package's parts, each well-formed XML", async () => {
    const pkg = openDocxPackage(new Uint8Array(bytes));
    const parts: Record<string, string> = {};
    for (const name of PARTS) {
      expect(pkg.exists(name), name).toBe(true);
      parts[name] = String(await pkg.read(name, "utf8"));
    }
    const errors = xmlErrors(parts);
    if (errors) expect(errors).toEqual({});
    const document = String(await pkg.read("word/document.xml", "utf8"));
    // A4 landscape: 297 × 210 mm in twips; page numbers through the footer.
    expect(document).toContain('<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>');
    expect(document).toContain('<w:footerReference w:type="default" r:id="rIdFooter1"/>');
    expect(String(await pkg.read("word/footer1.xml", "utf8"))).toContain('w:instr=" PAGE "');
    expect(document).toContain("<w:tblHeader/>");
    // Characters XML cannot carry are gone; markup-looking text is escaped text.
    expect(document).not.toMatch(/[\u0000\u0007]/);
    expect(document).toContain("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;引号&quot;");
  });

  it("reads back with mammoth: headings, bold runs, line breaks and the table's text", async () => {
    const { value: html, messages } = await mammoth.convertToHtml({ buffer: bytes });
    expect(messages.filter((m) => m.type === "error")).toEqual([]);
    expect(html).toContain("<h1>意见采纳情况</h1>");
    expect(html).toContain("<strong>关于推进全区数字经济发展的调研报告</strong>");
    expect(html).toContain("第一行<br />第二行");
    expect(html).toMatch(/<table>.*<\/table>/s);
    const cells = [...html.matchAll(/<t[dh]>(?:<p>)?(.*?)(?:<\/p>)?<\/t[dh]>/g)].map((m) => m[1]);
    expect(cells).toContain("（二）重点任务");
    expect(cells).toContain("部分采纳");
    expect(html).toContain("建议补充数据来源。<br />第二段");
    // The hostile text comes back as text (escaped), never as an element.
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain("<img");
    const { value: raw } = await mammoth.extractRawText({ buffer: bytes });
    expect(raw).toContain("乙委员");
  });

  it("escapes text for XML and drops what XML 1.0 cannot hold", () => {
    expect(xmlText('a<b>&"c"')).toBe("a&lt;b&gt;&amp;&quot;c&quot;");
    expect(xmlText("x\u0000y\u0008z\ufffe")).toBe("xyz");
    expect(xmlText("\ud83d\ude00 ok \udc00")).toBe("\ud83d\ude00 ok "); // pairs kept, lone halves dropped
    expect(xmlText("tab\tnl\n")).toBe("tab\tnl\n");
  });

  it("ends the body with a paragraph after a table, and pads short table rows", async () => {
    const small = writeDocx({ blocks: [{ kind: "table", columns: [20, 20, 20], rows: [[cell("只有一格")]] }] });
    const document = String(await openDocxPackage(new Uint8Array(small)).read("word/document.xml", "utf8"));
    expect(document).toMatch(/<\/w:tbl><w:p\/><w:sectPr>/);
    expect(document.match(/<w:tc>/g)).toHaveLength(3);
    expect(document).not.toContain("footerReference");
  });
});
