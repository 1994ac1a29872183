import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ImportError, IMPORT_LIMITS } from "@/lib/import/types";
import { buildDocx, DOCUMENT_CLOSE, DOCUMENT_OPEN, docxPackage } from "@/lib/import/fixtures/docx";
import { deepXmlDocx, lyingHeaderDocx, MiB, zipBombDocx } from "@/lib/import/fixtures/hostile";
import { encodeGbk } from "@/lib/import/fixtures/gbk";
import { importUntrustedFile } from "@/server/import/untrusted";
import type { Random } from "@/scripts/durability/util";
import { pick, randomBytes, reportSummary, rng, SCALE, seedNote } from "./support";

// The upload fuzzer (issue #11): hostile .docx, .md and .txt files through the server's real
// import path (importUntrustedFile: checks, then a worker with heap and time limits) — zip
// bombs with honest and lying headers, deep XML, entity tricks (billion laughs, external
// entities), a huge single paragraph, wrong encodings, corrupted and random bytes. Each ends
// in an import result or an ImportError whose code has a zh-CN message in the catalogue —
// never another exception, never the contents of a local file — and a normal file still
// imports afterwards.

const catalogue = JSON.parse(readFileSync("messages/zh-CN/import.json", "utf8")) as { import?: { errors?: Record<string, string> }; errors?: Record<string, string> };
const errorMessages: Record<string, string> = catalogue.import?.errors ?? catalogue.errors ?? {};

const NORMAL = buildDocx([{ text: "关于加强社区养老服务的报告" }, { text: "一、总体要求" }, { text: "坚持以人民为中心。" }]);

const billionLaughs = (levels: number) => {
  const ents = [`<!ENTITY l0 "哈哈哈哈哈哈哈哈哈哈">`];
  for (let i = 1; i <= levels; i++) ents.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`);
  return `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [${ents.join("")}]>${DOCUMENT_OPEN.replace(/^<\?xml[^>]*\?>\s*/, "")}<w:p><w:r><w:t>&l${levels};</w:t></w:r></w:p>${DOCUMENT_CLOSE}`;
};
const externalEntity = (uri: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "${uri}">]>${DOCUMENT_OPEN.replace(/^<\?xml[^>]*\?>\s*/, "")}<w:p><w:r><w:t>前&xxe;后</w:t></w:r></w:p>${DOCUMENT_CLOSE}`;

interface Case {
  name: string;
  make(r: Random): { fileName: string; bytes: Uint8Array };
}

const CASES: Case[] = [
  { name: "zip bomb, honest headers", make: (r) => ({ fileName: "炸弹.docx", bytes: zipBombDocx((16 + r.int(0, 16)) * MiB) }) },
  { name: "zip bomb, lying headers", make: (r) => ({ fileName: "说谎.docx", bytes: lyingHeaderDocx((16 + r.int(0, 16)) * MiB, r.int(100, 8192)) }) },
  { name: "deep XML nesting", make: (r) => ({ fileName: "深.docx", bytes: deepXmlDocx(50_000 + r.int(0, 100_000)) }) },
  { name: "entity expansion (billion laughs)", make: (r) => ({ fileName: "实体.docx", bytes: docxPackage(billionLaughs(6 + r.int(0, 4))) }) },
  { name: "external entity", make: (r) => ({ fileName: "外部实体.docx", bytes: docxPackage(externalEntity(pick(r, ["file:///etc/passwd", "file:///proc/self/environ", "http://127.0.0.1:9/x"]))) }) },
  {
    name: "huge single paragraph",
    make: (r) => {
      const n = pick(r, [IMPORT_LIMITS.maxChars - 1000, IMPORT_LIMITS.maxChars + 10, IMPORT_LIMITS.maxRawChars + 10]);
      const ext = pick(r, [".txt", ".md", ".docx"]);
      const text = "字".repeat(n);
      return { fileName: `长段${ext}`, bytes: ext === ".docx" ? buildDocx([{ text }]) : new TextEncoder().encode(text) };
    },
  },
  {
    name: "wrong encoding",
    make: (r) => {
      const text = "一、总体要求\n坚持以人民为中心的发展思想。\n";
      const kind = r.int(0, 5);
      const bytes =
        kind === 0
          ? Buffer.from(text, "utf16le") // UTF-16 without a byte-order mark
          : kind === 1
            ? encodeGbk(text)
            : kind === 2
              ? Uint8Array.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, ...new TextEncoder().encode(text)]) // invalid UTF-8
              : kind === 3
                ? Uint8Array.from([0xef, 0xbb, 0xbf, 0xff, 0xfe, ...Buffer.from(text, "utf16le")]) // two byte-order marks
                : new TextEncoder().encode(`${text}\u0000\u0000\u202e\u200b`);
      return { fileName: pick(r, ["编码.txt", "编码.md"]), bytes };
    },
  },
  {
    name: "corrupted .docx",
    make: (r) => {
      const b = Uint8Array.from(NORMAL);
      for (let k = r.int(1, 20); k > 0; k--) b[r.int(0, b.length)] = r.int(0, 256);
      return { fileName: "损坏.docx", bytes: r.int(0, 2) ? b : b.slice(0, r.int(1, b.length)) };
    },
  },
  { name: "random bytes", make: (r) => ({ fileName: pick(r, ["随机.docx", "随机.txt", "随机.md"]), bytes: randomBytes(r, r.int(1, 4096)) }) },
  { name: "a .docx that is text, a .txt that is a zip", make: (r) => (r.int(0, 2) ? { fileName: "假.docx", bytes: new TextEncoder().encode("一、总体要求\n正文") } : { fileName: "假.txt", bytes: NORMAL }) },
];

describe("upload fuzzer (.docx, .md, .txt through the worker)", () => {
  it("every hostile file ends in a result or a localized ImportError; a normal file imports afterwards", { timeout: 600_000 }, async () => {
    const r = rng(4);
    const n = 12 * SCALE;
    const problems: string[] = [];
    const codes = new Map<string, number>();
    let slowestMs = 0;
    // Every case once, then seeded picks.
    const plan = [...CASES, ...Array.from({ length: Math.max(0, n - CASES.length) }, () => pick(r, CASES))];
    for (const c of plan) {
      const file = c.make(r);
      const t0 = Date.now();
      let outcome: string;
      try {
        const result = await importUntrustedFile(file);
        outcome = "imported";
        const text = JSON.stringify(result);
        if (/root:x?:?0|PATH=|HOME=/.test(text)) problems.push(`${c.name}: a local file's contents were imported`);
        if (text.length > 4 * IMPORT_LIMITS.maxRawChars) problems.push(`${c.name}: result of ${text.length} characters`);
      } catch (e) {
        if (!(e instanceof ImportError)) {
          problems.push(`${c.name} (${file.fileName}): ${(e as Error).name}: ${(e as Error).message}`);
          outcome = "other error";
        } else {
          outcome = e.code;
          if (!errorMessages[e.code]) problems.push(`${c.name}: ${e.code} has no zh-CN message`);
        }
      }
      slowestMs = Math.max(slowestMs, Date.now() - t0);
      codes.set(`${c.name} → ${outcome}`, (codes.get(`${c.name} → ${outcome}`) ?? 0) + 1);
    }
    // The server is still up: a normal file imports.
    const normal = await importUntrustedFile({ fileName: "正常.docx", bytes: NORMAL });
    const failedLoads = JSON.stringify(normal).includes("坚持以人民为中心") ? 0 : 1;
    reportSummary({ suite: "upload fuzzer", tried: plan.length, refused: [...codes].filter(([k]) => !k.endsWith("imported")).reduce((s, [, v]) => s + v, 0), stored: 0, failedLoads, notes: `${[...codes].map(([k, v]) => `${k}: ${v}`).join("; ")}; slowest ${slowestMs} ms` });
    expect(problems, seedNote("upload fuzzer")).toEqual([]);
    expect(failedLoads, "a normal .docx imports after the attack").toBe(0);
  });
});
