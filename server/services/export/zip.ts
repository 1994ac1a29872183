import { deflateRawSync } from "node:zlib";

// A small ZIP writer (PKWARE APPNOTE 6.3, the subset every reader accepts): local headers,
// deflated or stored data, a central directory and its end record. No ZIP64 — a package
// over 4 GB or 65,535 entries is refused — and no data descriptors (sizes and CRC-32 are
// known before each header is written). Used for .docx packages (server/services/export/docx.ts).

export interface ZipEntry {
  /** Path inside the archive, "/"-separated, no leading slash (e.g. "word/document.xml"). */
  name: string;
  data: Uint8Array | string;
  /** Deflate (default) or store as is. */
  store?: boolean;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309 / ITU-T V.42, as ZIP uses it). */
export function crc32(data: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** MS-DOS date and time (local fields, 2-second resolution), as ZIP headers store them. */
function dosDateTime(d: Date): { date: number; time: number } {
  const year = Math.min(Math.max(d.getFullYear(), 1980), 2107);
  return {
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
  };
}

const MAX_32 = 0xffffffff;
const MAX_ENTRIES = 0xffff;
const UTF8_NAMES = 0x0800;
const VERSION = 20; // 2.0: deflate

export class ZipTooLargeError extends Error {}

/** The archive's bytes. `modified` is every entry's time (default now; fixed for reproducible output). */
export function zip(entries: ZipEntry[], o: { modified?: Date } = {}): Buffer {
  if (entries.length > MAX_ENTRIES) throw new ZipTooLargeError(`more than ${MAX_ENTRIES} entries`);
  const { date, time } = dosDateTime(o.modified ?? new Date());
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const names = new Set<string>();
  let offset = 0;
  for (const entry of entries) {
    if (!entry.name || entry.name.startsWith("/") || entry.name.includes("\\") || names.has(entry.name)) {
      throw new Error(`bad or repeated entry name: ${entry.name}`);
    }
    names.add(entry.name);
    const name = Buffer.from(entry.name, "utf8");
    const raw = typeof entry.data === "string" ? Buffer.from(entry.data, "utf8") : entry.data;
    const method = entry.store ? 0 : 8;
    const data = entry.store ? raw : deflateRawSync(raw);
    const crc = crc32(raw);
    if (raw.length > MAX_32 || data.length > MAX_32 || offset > MAX_32) throw new ZipTooLargeError("entry over 4 GB");

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(VERSION, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(VERSION, 4); // made by: MS-DOS, 2.0
    central.writeUInt16LE(VERSION, 6);
    central.writeUInt16LE(UTF8_NAMES, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra, comment, disk, internal and external attributes: 0
    central.writeUInt32LE(offset, 42);

    locals.push(local, name, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  if (offset > MAX_32 || centralSize > MAX_32) throw new ZipTooLargeError("archive over 4 GB");
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
