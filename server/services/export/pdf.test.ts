import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { compact, pdfPageTexts, pdfText, xrefProblems } from "../../test/pdf-text";
import { officialCss } from "./official-html";
import { htmlToPdf } from "./pdf";

// HTML → PDF through the machine's headless Chromium (/usr/bin/chromium; .ci/run installs it),
// and the PDF text reader the integration and e2e tests rely on: it must find what a page
// shows and must NOT find what is only in the PDF's metadata (Chromium writes the HTML
// <title> into /Title) — otherwise "the PDF contains the hash" could pass with the hash
// missing from the page.

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const page = (body: string, title = "文件") =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title><style>@page { size: A4; margin: 20mm; } body { font-family: "Noto Serif CJK SC", serif; font-size: 16pt; } .b { break-before: page; }</style></head><body>${body}</body></html>`;
const xieshenTmpDirs = async () => (await readdir(tmpdir())).filter((n) => n.startsWith("xieshen-pdf-"));

// Chromium takes a few seconds to start, more on a busy machine.
describe.skipIf(!existsSync(CHROMIUM))("htmlToPdf (headless Chromium)", { timeout: 120_000 }, () => {
  it("prints the page's text, page by page; metadata does not count as page text", async () => {
    const before = await xieshenTmpDirs();
    const hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    const pdf = await htmlToPdf(page(`<p>第一页：一、总体要求</p><p class="b">第二页</p><p style="font-family: monospace">${hash}</p>`, "只在元数据里的标题"), { chromium: CHROMIUM });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // Chromium puts the <title> in the document information — the reader must not see it.
    expect(pdf.includes(Buffer.from("FEFF53EA5728", "latin1"))).toBe(true); // 只在 in UTF-16, hex-encoded /Title
    const pages = pdfPageTexts(pdf).map(compact);
    expect(pages).toHaveLength(2);
    // The ideographs as written, not the look-alike radicals Chromium names them by (一 ⼀, 页 ⻚).
    expect(pages[0]).toContain("第一页：一、总体要求");
    expect(pages[1]).toContain("第二页");
    expect(xrefProblems(pdf)).toEqual([]);
    expect(pages[1]).toContain(hash);
    expect(compact(pdfText(pdf))).not.toContain(compact("只在元数据里的标题"));
    // The temporary folder (profile, page, output) is gone.
    expect(await xieshenTmpDirs()).toEqual(before);
  });

  // A title such as “报告（staff office fluff）”: with ligatures the text layer says “sta\uFB00 o\uFB03ce ﬂu\uFB00” —
  // what a reader copies or searches is then not what was written (seen in e2e, a random suffix with "ff").
  it("the official layout prints Latin letters as written: no ff/fi/fl ligatures in the text layer", async () => {
    const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>${officialCss()}</style></head><body><h1 class="title">社区报告（staff office fluff）</h1><p>affine fjord efficient</p></body></html>`;
    const text = compact(pdfText(await htmlToPdf(html, { chromium: CHROMIUM })));
    expect(text).toContain(compact("社区报告（staff office fluff）"));
    expect(text).toContain(compact("affine fjord efficient"));
    expect(text).not.toMatch(/[\uFB00-\uFB06]/);
  });

  it("refuses a second PDF while one prints when nobody may wait (503 pdfBusy), and prints again afterwards", async () => {
    const o = { chromium: CHROMIUM, maxWaiting: 0 };
    const first = htmlToPdf(page("<p>一</p>"), o);
    await expect(htmlToPdf(page("<p>二</p>"), o)).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE", messageKey: "signoff.export.pdfBusy" });
    expect((await first).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  it("queues PDFs one at a time: a waiting request is served after the running one, never alongside it", async () => {
    const o = { chromium: CHROMIUM, maxWaiting: 4 };
    const finished: string[] = [];
    const run = (n: string) => htmlToPdf(page(`<p>${n}</p>`), o).then((pdf) => (finished.push(n), pdf));
    const [a, b] = await Promise.all([run("甲"), run("乙")]);
    expect(finished).toEqual(["甲", "乙"]);
    expect(compact(pdfText(a))).toContain("甲");
    expect(compact(pdfText(b))).toContain("乙");
  });

  it("kills Chromium at the deadline and says the PDF failed; the temporary folder is removed", async () => {
    const before = await xieshenTmpDirs();
    const started = Date.now();
    await expect(htmlToPdf(page("<p>慢</p>"), { chromium: CHROMIUM, timeoutMs: 200 })).rejects.toMatchObject({ code: "INTERNAL_SERVER_ERROR", messageKey: "signoff.export.pdfFailed" });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await xieshenTmpDirs()).toEqual(before);
  });
});

describe("htmlToPdf without Chromium", () => {
  it("answers 503 pdfUnavailable, clearly, without trying", async () => {
    await expect(htmlToPdf(page("<p>x</p>"), { chromium: "/nonexistent/chromium" })).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      messageKey: "signoff.export.pdfUnavailable",
    });
  });
});
