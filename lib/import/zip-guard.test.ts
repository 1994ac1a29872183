// The .docx reader's limits are on what actually comes out of inflate, never on what the zip
// headers say. Hostile zips are generated here (lib/import/fixtures/hostile.ts).
import { describe, expect, it } from "vitest";
import { parseDocx } from "./docx";
import { buildDocx, docxPackage, DOCUMENT_CLOSE, DOCUMENT_OPEN } from "./fixtures/docx";
import { imageBombDocx, lyingHeaderDocx, MiB, repeatedDocumentXml, zipBombDocx } from "./fixtures/hostile";
import { buildZip } from "./fixtures/zip";
import { ImportError, type ImportErrorCode } from "./types";
import { DOCX_LIMITS, openDocxPackage } from "./zip-guard";

async function codeOf(p: Promise<unknown>): Promise<ImportErrorCode> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ImportError) return e.code;
    throw e;
  }
  throw new Error("expected an ImportError");
}

/** Slack over a limit: inflate stops within one output chunk (64 KB) of passing it. */
const CHUNK = 64 * 1024;

describe("openDocxPackage: limits by inflated bytes", () => {
  it("a zip bomb (65 MB of XML in ~230 KB) stops at the 8 MB part limit, without inflating the rest", async () => {
    const bytes = zipBombDocx();
    expect(bytes.byteLength).toBeLessThan(300 * 1024);
    const pkg = openDocxPackage(bytes);
    const heapBefore = process.memoryUsage().heapUsed;
    expect(await codeOf(pkg.read("word/document.xml", "utf-8"))).toBe("UNPACKED_TOO_LARGE");
    expect(pkg.inflatedBytes).toBeGreaterThan(DOCX_LIMITS.maxPartBytes);
    expect(pkg.inflatedBytes).toBeLessThanOrEqual(DOCX_LIMITS.maxPartBytes + CHUNK);
    // Nothing near 65 MB was kept (heap, not RSS: the inflated chunks are dropped, not decoded).
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(32 * MiB);
  });

  it("headers declaring 4 KB for 65 MB are not believed: inflating stops at the limit, 413", async () => {
    const pkg = openDocxPackage(lyingHeaderDocx());
    expect(await codeOf(pkg.read("word/document.xml"))).toBe("UNPACKED_TOO_LARGE");
    expect(pkg.inflatedBytes).toBeLessThanOrEqual(DOCX_LIMITS.maxPartBytes + CHUNK);
  });

  it("a header declaring less than a small part really holds is corrupt, not silently accepted", async () => {
    const bytes = docxPackage(repeatedDocumentXml(MiB), { zip: { declaredSize: (n, size) => (n === "word/document.xml" ? 100 : size) } });
    expect(await codeOf(parseDocx(bytes))).toBe("CORRUPT");
  });

  it("the total over all parts read is limited too (parts each under the part limit)", async () => {
    const part = repeatedDocumentXml(5 * MiB);
    const pkg = openDocxPackage(buildZip({ "a.xml": part, "b.xml": part, "c.xml": part }));
    await pkg.read("a.xml");
    await pkg.read("b.xml");
    expect(await codeOf(pkg.read("c.xml"))).toBe("UNPACKED_TOO_LARGE");
    expect(pkg.inflatedBytes).toBeLessThanOrEqual(DOCX_LIMITS.maxTotalBytes + CHUNK);
  });

  it("stored (uncompressed) parts count as well", async () => {
    const pkg = openDocxPackage(buildZip({ "a.xml": repeatedDocumentXml(9 * MiB) }, { stored: ["a.xml"] }));
    expect(await codeOf(pkg.read("a.xml"))).toBe("UNPACKED_TOO_LARGE");
  });

  it("more than 1,000 entries is refused before anything is inflated", () => {
    const files: Record<string, string> = {};
    for (let i = 0; i <= DOCX_LIMITS.maxEntries; i++) files[`word/p${i}.xml`] = "<x/>";
    expect(() => openDocxPackage(buildZip(files))).toThrow(expect.objectContaining({ code: "UNPACKED_TOO_LARGE" }));
  });

  it("an image part is never inflated: a 64 MB picture does not count and the text imports", async () => {
    const bytes = imageBombDocx();
    const result = await parseDocx(bytes);
    expect(result.sections.map((s) => s.title)).toEqual(["总体要求"]);
    const pkg = openDocxPackage(bytes);
    await expect(pkg.read("word/media/image1.png")).rejects.toThrow(/binary part not read/u);
    expect(pkg.inflatedBytes).toBe(0);
  });
});

describe("openDocxPackage: malformed zips are CORRUPT", () => {
  const doc = `${DOCUMENT_OPEN}<w:p><w:r><w:t>一、标题</w:t></w:r></w:p>${DOCUMENT_CLOSE}`;

  it("a wrong CRC-32", async () => {
    expect(await codeOf(parseDocx(docxPackage(doc, { zip: { crc: (n, c) => (n === "word/document.xml" ? c ^ 1 : c) } })))).toBe("CORRUPT");
  });

  it("an encrypted entry", async () => {
    expect(await codeOf(parseDocx(docxPackage(doc, { zip: { flags: (n) => (n === "word/document.xml" ? 0x1 : 0) } })))).toBe("CORRUPT");
  });

  it("two entries with the same name", () => {
    const zip = Buffer.from(buildZip({ "word/document.xml": doc, "word/documenX.xml": doc }));
    // Rename the second entry, in its local and central header, to the first one's name.
    for (let at = zip.indexOf("word/documenX.xml"); at >= 0; at = zip.indexOf("word/documenX.xml", at + 1)) {
      zip.write("word/document.xml", at, "latin1");
    }
    expect(() => openDocxPackage(new Uint8Array(zip))).toThrow(expect.objectContaining({ code: "CORRUPT" }));
  });

  it("a truncated central directory and an entry pointing past the end", async () => {
    const bytes = buildDocx([{ text: "一、标题" }]);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const eocd = bytes.byteLength - 22;
    const broken = new Uint8Array(bytes);
    new DataView(broken.buffer).setUint16(eocd + 10, view.getUint16(eocd + 10, true) + 5, true);
    expect(await codeOf(parseDocx(broken))).toBe("CORRUPT");

    const past = new Uint8Array(bytes);
    const central = view.getUint32(eocd + 16, true);
    new DataView(past.buffer).setUint32(central + 20, 0x7fffffff, true); // compressed size
    expect(await codeOf(parseDocx(past))).toBe("CORRUPT");
  });
});
