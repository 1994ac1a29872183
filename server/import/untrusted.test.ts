// Untrusted imports run in a worker thread with a heap limit and a deadline: a hostile file
// ends its worker, never this process. Real workers (server/import/parse-worker.mjs), no mocks.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildDocx } from "@/lib/import/fixtures/docx";
import { deepXmlDocx, MiB, wideXmlDocx, zipBombDocx } from "@/lib/import/fixtures/hostile";
import { importFile } from "@/lib/import/import-file";
import { parseOutlineText } from "@/lib/import/outline";
import { IMPORT_LIMITS, ImportError, type ImportErrorCode } from "@/lib/import/types";
import { importUntrustedFile, importUntrustedText, PARSE_LIMITS, type ParseLimits } from "./untrusted";

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../lib/import/fixtures/${name}`, import.meta.url)));

async function failure(p: Promise<unknown>): Promise<ImportError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error("expected an ImportError");
}

async function codeAndTime(p: Promise<unknown>): Promise<{ code: ImportErrorCode; ms: number }> {
  const started = performance.now();
  const e = await failure(p);
  return { code: e.code, ms: performance.now() - started };
}

const limits = (o: Partial<ParseLimits>): ParseLimits => ({ ...PARSE_LIMITS, ...o });

/** The nice value of every thread of this process (Linux: /proc/self/task/<tid>/stat, field 19). */
function threadNiceValues(): number[] {
  return readdirSync("/proc/self/task").map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
  });
}

// Workers start in about half a second; the hostile cases take a few seconds each.
describe("importUntrustedFile / importUntrustedText", { timeout: 30_000 }, () => {
  it("give the same result as parsing in-process: .docx, .txt and pasted text", async () => {
    const docx = buildDocx([{ text: "讲话", style: "Title" }, { text: "一、总体要求", style: "Heading1" }, { text: "正文。" }]);
    expect(await importUntrustedFile({ fileName: "a.docx", bytes: docx })).toEqual(await importFile({ fileName: "a.docx", bytes: docx }));
    const txt = new Uint8Array(fixture("speech.txt"));
    expect(await importUntrustedFile({ fileName: "speech.txt", bytes: txt })).toEqual(await importFile({ fileName: "speech.txt", bytes: txt }));
    const text = fixture("speech.txt").toString("utf8");
    expect(await importUntrustedText(text)).toEqual(parseOutlineText(text));
  });

  it("type, size and emptiness are refused without starting a worker", async () => {
    expect((await codeAndTime(importUntrustedFile({ fileName: "a.pdf", bytes: new Uint8Array(10) }))).code).toBe("UNSUPPORTED_TYPE");
    expect((await codeAndTime(importUntrustedFile({ fileName: "a.docx", bytes: new Uint8Array(IMPORT_LIMITS.maxBytes + 1) }))).code).toBe("TOO_LARGE");
    const long = await codeAndTime(importUntrustedText("\n".repeat(IMPORT_LIMITS.maxRawChars + 1)));
    expect(long.code).toBe("TOO_LONG");
    expect(long.ms).toBeLessThan(100);
  });

  it("the 65 MB zip bomb: UNPACKED_TOO_LARGE from the worker, this process's heap untouched", async () => {
    const bytes = zipBombDocx();
    const heapBefore = process.memoryUsage().heapUsed;
    const { code, ms } = await codeAndTime(importUntrustedFile({ fileName: "bomb.docx", bytes }));
    expect(code).toBe("UNPACKED_TOO_LARGE");
    expect(ms).toBeLessThan(10_000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(32 * MiB);
  });

  it("a file that exhausts the worker's heap ends that worker (TOO_COMPLEX); this process carries on", async () => {
    // 1.4 million empty paragraphs in 7.9 MB (inside the unpack limits): in-process this took
    // 25 s and 2.2 GB. With a 64 MB worker heap it runs out of memory quickly.
    const e = await failure(importUntrustedFile({ fileName: "wide.docx", bytes: wideXmlDocx() }, limits({ heapMb: 64 })));
    expect(e.code).toBe("TOO_COMPLEX");
    expect((e.cause as NodeJS.ErrnoException).code).toBe("ERR_WORKER_OUT_OF_MEMORY");
    // The next import works.
    const ok = await importUntrustedText("一、总体要求\n正文");
    expect(ok.sections.map((s) => s.title)).toEqual(["总体要求"]);
  });

  it("a parse still running at the deadline is terminated (PARSE_TIMEOUT) and its slot is free again", async () => {
    // A heap far larger than the wide file can fill in 1.5 s, so on a fast machine it is the
    // deadline that ends this parse, never the heap limit (CI once saw TOO_COMPLEX at 320 MB).
    const parsing = codeAndTime(
      importUntrustedFile(
        { fileName: "wide.docx", bytes: wideXmlDocx() },
        limits({ timeoutMs: 1_500, heapMb: 4_096, concurrent: 1, queued: 0 }),
      ),
    );
    // Meanwhile the parsing thread runs at a lower CPU priority than this process's own.
    await new Promise((r) => setTimeout(r, 700));
    expect(threadNiceValues()).toContain(10);
    const { code, ms } = await parsing;
    expect(code).toBe("PARSE_TIMEOUT");
    expect(ms).toBeLessThan(3_000);
    // With one slot and no queue, this would be BUSY if the terminated worker still held it.
    const ok = await importUntrustedText("一、总体要求", limits({ concurrent: 1, queued: 0 }));
    expect(ok.sections).toHaveLength(1);
  });

  it("deeply nested XML: TOO_COMPLEX (the parser's recursion), quickly", async () => {
    const { code, ms } = await codeAndTime(importUntrustedFile({ fileName: "deep.docx", bytes: deepXmlDocx() }));
    expect(code).toBe("TOO_COMPLEX");
    expect(ms).toBeLessThan(15_000);
  });

  it("beyond the running and waiting slots an import is BUSY at once, not queued without bound", async () => {
    const tight = limits({ concurrent: 1, queued: 1, timeoutMs: 3_000 });
    const slow = () => importUntrustedFile({ fileName: "wide.docx", bytes: wideXmlDocx() }, tight);
    const first = failure(slow());
    const second = failure(slow());
    const third = await codeAndTime(slow());
    expect(third.code).toBe("BUSY");
    // Queued, it would have waited for the first two (seconds); refused, it answers at once.
    expect(third.ms).toBeLessThan(2_000);
    // The wide file ends either by the deadline or, on a faster machine, by the heap limit.
    expect(["PARSE_TIMEOUT", "TOO_COMPLEX"]).toContain((await first).code);
    expect(["PARSE_TIMEOUT", "TOO_COMPLEX"]).toContain((await second).code);
  }, 20_000);
});
