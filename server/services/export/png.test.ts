import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { encodeQr } from "./qr";
import { qrPng, writePng } from "./png";
import { crc32 } from "./zip";

// The PNG writer, read back by a small reader written from the PNG specification: signature,
// chunk lengths and CRC-32s, IHDR fields, the zlib stream, filter bytes and pixels.

interface Chunk {
  type: string;
  data: Buffer;
}

function chunks(png: Buffer): Chunk[] {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const out: Chunk[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString("ascii");
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length), `CRC of ${type}`).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    out.push({ type, data });
    at += 12 + length;
  }
  return out;
}

function decode(png: Buffer) {
  const cs = chunks(png);
  expect(cs[0]!.type).toBe("IHDR");
  expect(cs.at(-1)).toEqual({ type: "IEND", data: Buffer.alloc(0) });
  const ihdr = cs[0]!.data;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  expect([...ihdr.subarray(8)]).toEqual([8, 0, 0, 0, 0]); // 8-bit greyscale, deflate, filter 0, no interlace
  const raw = inflateSync(Buffer.concat(cs.filter((c) => c.type === "IDAT").map((c) => c.data)));
  expect(raw.length).toBe((width + 1) * height);
  const rows: number[][] = [];
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width + 1)]).toBe(0);
    rows.push([...raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1))]);
  }
  return { width, height, rows, chunks: cs };
}

describe("PNG writer", () => {
  it("writes a greyscale image that reads back pixel for pixel", () => {
    const pixels = Uint8Array.from([0, 255, 128, 7, 9, 200]);
    const img = decode(writePng({ width: 3, height: 2, pixels }));
    expect(img).toMatchObject({ width: 3, height: 2, rows: [[0, 255, 128], [7, 9, 200]] });
  });

  it("records the resolution in pHYs (pixels per metre)", () => {
    const { chunks: cs } = decode(writePng({ width: 1, height: 1, pixels: Uint8Array.from([0]), dpi: 300 }));
    const phys = cs.find((c) => c.type === "pHYs")!.data;
    expect([phys.readUInt32BE(0), phys.readUInt32BE(4), phys[8]]).toEqual([11811, 11811, 1]);
  });

  it("refuses sizes it cannot write", () => {
    expect(() => writePng({ width: 2, height: 2, pixels: new Uint8Array(3) })).toThrow(/pixel count/);
    expect(() => writePng({ width: 0, height: 2, pixels: new Uint8Array(0) })).toThrow(/1–10000/);
  });

  it("draws a QR code: quiet zone white, each module scale × scale pixels", () => {
    const code = encodeQr("协审");
    const scale = 3;
    const img = decode(qrPng(code, { scale, quiet: 4 }));
    expect(img.width).toBe((code.size + 8) * scale);
    expect(img.rows[0]!.every((p) => p === 255)).toBe(true);
    for (let r = 0; r < code.size; r++) {
      for (let c = 0; c < code.size; c++) {
        const want = code.modules[r]![c] ? 0 : 255;
        for (const [dy, dx] of [[0, 0], [scale - 1, scale - 1]]) expect(img.rows[(r + 4) * scale + dy!]![(c + 4) * scale + dx!]).toBe(want);
      }
    }
  });
});
