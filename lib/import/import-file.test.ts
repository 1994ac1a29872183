import { describe, expect, it } from "vitest";
import { importFile } from "./import-file";
import { toOutlineJson } from "./serialize";
import { IMPORT_LIMITS, ImportError, type ImportErrorCode } from "./types";
import { buildDocx, tableXml } from "./fixtures/docx";
import { encodeGbk } from "./fixtures/gbk";
import { fixtureBytes, fixtureText, sec } from "./fixtures/tree";
import { lyingHeaderDocx, zipBombDocx } from "./fixtures/hostile";
import { buildZip } from "./fixtures/zip";

async function importError(fileName: string, bytes: Uint8Array): Promise<ImportError> {
  try {
    await importFile({ fileName, bytes });
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error("expected an ImportError");
}

async function expectCode(fileName: string, bytes: Uint8Array, code: ImportErrorCode): Promise<void> {
  expect((await importError(fileName, bytes)).code).toBe(code);
}

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("importFile: .docx", () => {
  it("uses Word heading styles as hints and numbering as the style; Title goes to the opening", async () => {
    const bytes = buildDocx(
      [
        { text: "在区政协常委会会议上的讲话", style: "Title" },
        { text: "同志们：" },
        { text: "一、\t统一思想认识", style: "Heading1" },
        { text: "会议的主要任务是……" },
        { text: "（一）提高站位。要把思想统一到区委部署上来。" },
        { text: "（二）压实责任" },
        { text: "结束语", style: "Heading1" },
        { text: "第一行\n第二行" },
      ],
      tableXml(["项目", "金额"]),
    );
    expect(await importFile({ fileName: "讲话.docx", bytes })).toEqual({
      opening: ["在区政协常委会会议上的讲话", "同志们："],
      sections: [
        sec("统一思想认识", 1, ["会议的主要任务是……"], [
          sec("提高站位", 2, ["要把思想统一到区委部署上来。"]),
          sec("压实责任", 2),
        ]),
        // unnumbered Heading 1 at the same depth as "一、" → same level; table text is body
        sec("结束语", 1, ["第一行", "第二行", "项目", "金额"]),
      ],
    });
  });

  it("Heading styles without numbering: a single Heading 1 is the title, Heading 2/3 nest", async () => {
    const bytes = buildDocx([
      { text: "城建委员会2024年工作总结", style: "Heading1" },
      { text: "主要工作", style: "Heading2" },
      { text: "开展调研", style: "Heading3" },
      { text: "全年开展调研6次。" },
      { text: "存在不足", style: "Heading2" },
    ]);
    expect(await importFile({ fileName: "总结.DOCX", bytes })).toEqual({
      opening: ["城建委员会2024年工作总结"],
      sections: [sec("主要工作", 1, [], [sec("开展调研", 2, ["全年开展调研6次。"])]), sec("存在不足", 1)],
    });
  });

  it("a docx with no styles at all falls back to numbering", async () => {
    const bytes = buildDocx(fixtureText("speech.txt").split("\n").map((text) => ({ text })));
    const fromTxt = await importFile({ fileName: "speech.txt", bytes: fixtureBytes("speech.txt") });
    expect(await importFile({ fileName: "speech.docx", bytes })).toEqual(fromTxt);
  });

  it("CORRUPT: random bytes, a zip that is not a docx, a truncated docx, a renamed .doc", async () => {
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    await expectCode("a.docx", random, "CORRUPT");
    await expectCode("a.docx", buildZip({ "readme.txt": "hello" }), "CORRUPT");
    const docx = buildDocx([{ text: "一、标题" }]);
    await expectCode("a.docx", docx.subarray(0, docx.length - 30), "CORRUPT");
    await expectCode("a.docx", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), "CORRUPT");
    const broken = buildZip({
      "[Content_Types].xml": "<Types/>",
      "word/document.xml": "<w:document><w:body><w:p>",
    });
    await expectCode("a.docx", broken, "CORRUPT");
  });

  it("EMPTY: a 0-byte docx (Explorer 'New Word document') and a docx with only blank paragraphs", async () => {
    await expectCode("新建 Microsoft Word 文档.docx", new Uint8Array(0), "EMPTY");
    await expectCode("blank.docx", buildDocx([{ text: "" }, { text: "\u3000 " }]), "EMPTY");
  });

  it("UNPACKED_TOO_LARGE: zip bombs are refused by the bytes they inflate to (headers that lie included)", async () => {
    await expectCode("bomb.docx", zipBombDocx(), "UNPACKED_TOO_LARGE");
    await expectCode("lying.docx", lyingHeaderDocx(), "UNPACKED_TOO_LARGE");
  }, 30_000);

  it("CORRUPT: a declared size that does not match the content (headers are checked, never trusted)", async () => {
    const bytes = buildDocx([{ text: "一、标题" }]);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const eocd = bytes.byteLength - 22;
    const central = view.getUint32(eocd + 16, true);
    view.setUint32(central + 24, 0xffffffff, true); // first entry's uncompressed size
    await expectCode("bomb.docx", bytes, "CORRUPT");
  });
});

describe("importFile: text files", () => {
  it(".txt GBK (GB18030) is decoded", async () => {
    const text = fixtureText("speech.txt");
    const expected = await importFile({ fileName: "speech.txt", bytes: utf8(text) });
    const gbk = encodeGbk(text);
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(gbk)).toThrow();
    expect(await importFile({ fileName: "讲话稿.txt", bytes: gbk })).toEqual(expected);
  });

  it(".txt with UTF-8 BOM and UTF-16LE BOM", async () => {
    const text = "标题\n一、总体要求\n正文";
    const expected = { opening: ["标题"], sections: [sec("总体要求", 1, ["正文"])] };
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
    expect(await importFile({ fileName: "a.txt", bytes: bom })).toEqual(expected);
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      utf16[2 + i * 2] = text.charCodeAt(i) & 0xff;
      utf16[3 + i * 2] = text.charCodeAt(i) >> 8;
    }
    expect(await importFile({ fileName: "a.txt", bytes: utf16 })).toEqual(expected);
  });

  it(".md dispatches to the markdown reader, .txt does not", async () => {
    const bytes = utf8("# 报告\n## 背景\n## 建议");
    expect(toOutlineJson(await importFile({ fileName: "a.md", bytes }))).toEqual([
      { title: "背景", level: 1, children: [] },
      { title: "建议", level: 1, children: [] },
    ]);
    expect(await importFile({ fileName: "a.txt", bytes })).toEqual({
      opening: ["# 报告", "## 背景", "## 建议"],
      sections: [],
    });
  });

  it("CORRUPT: binary content in a .txt", async () => {
    await expectCode("a.txt", new Uint8Array([0x41, 0x00, 0x42]), "CORRUPT");
  });

  it("EMPTY: whitespace-only text", async () => {
    await expectCode("a.txt", utf8(" \n\u3000\r\n"), "EMPTY");
    await expectCode("a.md", new Uint8Array(0), "EMPTY");
  });

  it("TOO_LONG: over 500,000 characters", async () => {
    await expectCode("a.txt", utf8(`${"字".repeat(IMPORT_LIMITS.maxChars)}多`), "TOO_LONG");
  });

  // Ten million line breaks took 12 s (.txt) and 31 s (.md) to parse into "empty". No
  // wall-clock assertion (a busy machine is not a slow parser): parsing them would not finish
  // inside the test's timeout on this machine, refusing them first does.
  it("TOO_LONG without parsing: a text file over 1,000,000 characters, blank lines included", { timeout: 10_000 }, async () => {
    await expectCode("a.txt", utf8("\n".repeat(IMPORT_LIMITS.maxRawChars + 1)), "TOO_LONG");
    await expectCode("a.md", utf8("\n".repeat(10_000_000)), "TOO_LONG");
  });
});

describe("importFile: type and size", () => {
  it("UNSUPPORTED_TYPE by extension, before size or content", async () => {
    for (const name of ["a.doc", "a.pdf", "a.wps", "docx", "a.docx.exe", "noext"]) {
      await expectCode(name, new Uint8Array(IMPORT_LIMITS.maxBytes + 1), "UNSUPPORTED_TYPE");
    }
  });

  it("TOO_LARGE over 10 MB, before parsing (the bytes are not even a docx)", async () => {
    const error = await importError("big.docx", new Uint8Array(IMPORT_LIMITS.maxBytes + 1));
    expect(error).toMatchObject({ code: "TOO_LARGE", message: "文件超过 10 MB，无法导入。" });
    await expectCode("big.txt", new Uint8Array(IMPORT_LIMITS.maxBytes + 1).fill(0x41), "TOO_LARGE");
  });
});
