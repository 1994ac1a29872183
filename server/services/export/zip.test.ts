import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { crc32 as zlibCrc32, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32, zip } from "./zip";

// The ZIP writer, read back by an independent reader (our own parse of the format here, and
// Info-ZIP's `unzip -t` where installed).

/** Entries as a reader that trusts the central directory sees them. */
function readZip(buf: Buffer): Map<string, { data: Buffer; crc: number; method: number; flags: number }> {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(eocd).toBe(buf.length - 22);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, { data: Buffer; crc: number; method: number; flags: number }>();
  for (let i = 0; i < count; i++) {
    expect(buf.readUInt32LE(p)).toBe(0x02014b50);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    const nlen = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nlen).toString("utf8");
    expect(buf.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const packed = buf.subarray(start, start + csize);
    const data = method === 8 ? inflateRawSync(packed) : Buffer.from(packed);
    expect(data.length).toBe(usize);
    out.set(name, { data, crc, method, flags });
    p += 46 + nlen;
  }
  return out;
}

describe("crc32", () => {
  it("matches the standard check value and zlib", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    const data = Buffer.from("意见采纳情况 register ".repeat(1000));
    expect(crc32(data)).toBe(zlibCrc32(data));
    // Incremental use gives the same answer.
    expect(crc32(data.subarray(100), crc32(data.subarray(0, 100)))).toBe(zlibCrc32(data));
  });
});

describe("zip", () => {
  const entries = [
    { name: "[Content_Types].xml", data: "<Types/>" },
    { name: "word/document.xml", data: "<w:document>意见</w:document>".repeat(200) },
    { name: "中文/名字.txt", data: "UTF-8 名字" },
    { name: "empty.bin", data: new Uint8Array() },
    { name: "stored.bin", data: new Uint8Array([0, 1, 2, 255]), store: true },
  ];

  it("writes entries an independent reader gets back byte for byte, with CRC-32 and UTF-8 names", () => {
    const buf = zip(entries, { modified: new Date(2026, 2, 15, 9, 30, 0) });
    const read = readZip(buf);
    expect([...read.keys()]).toEqual(entries.map((e) => e.name));
    for (const e of entries) {
      const got = read.get(e.name)!;
      const want = typeof e.data === "string" ? Buffer.from(e.data) : Buffer.from(e.data);
      expect(got.data.equals(want), e.name).toBe(true);
      expect(got.crc).toBe(zlibCrc32(want));
      expect(got.method).toBe(e.store ? 0 : 8);
      expect(got.flags & 0x0800).toBe(0x0800);
    }
    // Deflate actually compresses.
    expect(buf.length).toBeLessThan(entries[1]!.data.length);
  });

  it("is reproducible for a fixed time", () => {
    const t = new Date(2026, 0, 1);
    expect(zip(entries, { modified: t }).equals(zip(entries, { modified: t }))).toBe(true);
  });

  it("refuses repeated and absolute names", () => {
    expect(() => zip([{ name: "a", data: "1" }, { name: "a", data: "2" }])).toThrow();
    expect(() => zip([{ name: "/etc/passwd", data: "x" }])).toThrow();
  });

  it.skipIf(!existsSync("/usr/bin/unzip"))("passes Info-ZIP's integrity test", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "zip-test-"));
    try {
      const file = path.join(dir, "t.zip");
      writeFileSync(file, zip(entries));
      const out = execFileSync("/usr/bin/unzip", ["-t", file], { encoding: "utf8" });
      expect(out).toContain("No errors detected");
      execFileSync("/usr/bin/unzip", ["-q", file, "-d", path.join(dir, "x")]);
      expect(readFileSync(path.join(dir, "x", "word", "document.xml"), "utf8")).toBe(entries[1]!.data);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
