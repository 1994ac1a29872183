import { deflateSync } from "node:zlib";
import { crc32 } from "./zip";
import type { QrCode } from "./qr";

// A minimal PNG writer (PNG spec, 2nd ed. / ISO/IEC 15948): 8-bit greyscale, no interlace,
// filter type 0 on every row, the image data in one zlib stream (node:zlib), chunks with
// their CRC-32 (the same CRC as ZIP's). Optional pHYs so Word and browsers know the intended
// resolution. Enough for a QR code on the sign-off sheet.

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export interface GreyImage {
  width: number;
  height: number;
  /** width × height bytes, row by row, 0 = black … 255 = white. */
  pixels: Uint8Array;
  /** Pixels per inch, written as pHYs (pixels per metre). */
  dpi?: number;
}

export function writePng(img: GreyImage): Buffer {
  const { width, height, pixels } = img;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 10_000 || height > 10_000) {
    throw new RangeError("PNG: width and height must be 1–10000");
  }
  if (pixels.length !== width * height) throw new RangeError("PNG: pixel count does not match the size");
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // colour type: greyscale
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  }
  const chunks = [chunk("IHDR", ihdr)];
  if (img.dpi) {
    const phys = Buffer.alloc(9);
    const perMetre = Math.round(img.dpi / 0.0254);
    phys.writeUInt32BE(perMetre, 0);
    phys.writeUInt32BE(perMetre, 4);
    phys[8] = 1; // unit: metre
    chunks.push(chunk("pHYs", phys));
  }
  chunks.push(chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", new Uint8Array(0)));
  return Buffer.concat([SIGNATURE, ...chunks]);
}

/** A QR code as a PNG: `scale` pixels per module and a quiet zone of `quiet` modules (4, as the standard asks). */
export function qrPng(code: QrCode, o: { scale?: number; quiet?: number; dpi?: number } = {}): Buffer {
  const scale = o.scale ?? 8;
  const quiet = o.quiet ?? 4;
  const side = (code.size + 2 * quiet) * scale;
  const pixels = new Uint8Array(side * side).fill(255);
  code.modules.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (!dark) return;
      for (let y = 0; y < scale; y++) pixels.fill(0, ((r + quiet) * scale + y) * side + (c + quiet) * scale, ((r + quiet) * scale + y) * side + (c + quiet + 1) * scale);
    }),
  );
  return writePng({ width: side, height: side, pixels, dpi: o.dpi });
}
