// The .docx zip, read by us and not by mammoth's JSZip: the sizes a zip declares can lie, so
// nothing here trusts them. Entries are inflated on demand, streaming, while counting the
// bytes that actually come out; inflating stops the moment a part or the whole document
// passes its limit. mammoth gets the result through its `file` input (an opened zip), so a
// second unzip with different rules never happens.
//
// Limits (a speech or work report is 5,000–50,000 characters, 100 KB–2 MB of WordprocessingML;
// 500,000 characters — the draft limit — fit in about 4 MB of ordinarily formatted XML):
//   - 10 MB file (IMPORT_LIMITS.maxBytes, checked before this),
//   - 1,000 entries in the central directory,
//   - 8 MB inflated per part, 12 MB inflated for all parts read together.
// Only the parts mammoth asks for are inflated: XML and relationships. Images, fonts and other
// binaries are never inflated (see docx.ts: images are not converted). No compression-ratio
// rule: with absolute caps this small it adds nothing, and real XML often deflates 20:1.

import { createInflateRaw, crc32 } from "node:zlib";
import { ImportError } from "./types";

export const DOCX_LIMITS = {
  maxEntries: 1000,
  maxPartBytes: 8 * 1024 * 1024,
  maxTotalBytes: 12 * 1024 * 1024,
} as const;

export interface DocxLimits {
  maxEntries: number;
  maxPartBytes: number;
  maxTotalBytes: number;
}

/** The shape of mammoth's opened-zip input (`{ file }`, lib/unzip.js). */
export interface DocxPackage {
  exists(name: string): boolean;
  read(name: string, encoding?: string): Promise<string | Uint8Array>;
  write(name: string, contents: string): void;
  toArrayBuffer(): Promise<ArrayBuffer>;
  /** Bytes inflated so far, for tests and logs. */
  readonly inflatedBytes: number;
}

interface Entry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/** Parts mammoth reads as text; everything else (media, fonts, OLE objects) is left packed. */
const TEXT_PART = /\.(?:xml|rels)$/iu;

export function openDocxPackage(bytes: Uint8Array, limits: DocxLimits = DOCX_LIMITS): DocxPackage {
  const entries = readCentralDirectory(bytes, limits);
  let inflated = 0;
  const budget = {
    take(n: number, partSoFar: number) {
      inflated += n;
      if (partSoFar > limits.maxPartBytes || inflated > limits.maxTotalBytes) throw new ImportError("UNPACKED_TOO_LARGE");
    },
  };

  return {
    get inflatedBytes() {
      return inflated;
    },
    // A style map embedded by mammoth only styles HTML, which we do not use: ignore it.
    exists: (name) => entries.has(name) && name !== "mammoth/style-map",
    async read(name, encoding) {
      const entry = entries.get(name);
      if (!entry) throw new ImportError("CORRUPT");
      if (!TEXT_PART.test(name)) throw new Error(`binary part not read: ${name}`);
      const data = await inflateEntry(bytes, entry, budget);
      return encoding ? new TextDecoder(encoding).decode(data) : data;
    },
    // mammoth writes only when embedding a style map, which we never do.
    write() {
      throw new Error("read-only package");
    },
    toArrayBuffer() {
      return Promise.reject(new Error("read-only package"));
    },
  };
}

function readCentralDirectory(bytes: Uint8Array, limits: DocxLimits): Map<string, Entry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) throw new ImportError("CORRUPT");
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  let offset = view.getUint32(eocd + 16, true);
  // 0xFFFF / 0xFFFFFFFF mean ZIP64: nothing a Word document needs.
  if (count === 0xffff || offset === 0xffffffff || offset + size > eocd) throw new ImportError("CORRUPT");
  if (count > limits.maxEntries) throw new ImportError("UNPACKED_TOO_LARGE");

  const decoder = new TextDecoder("utf-8");
  const entries = new Map<string, Entry>();
  for (let i = 0; i < count; i++) {
    if (offset + 46 > eocd || view.getUint32(offset, true) !== CENTRAL_SIGNATURE) throw new ImportError("CORRUPT");
    const flags = view.getUint16(offset + 8, true);
    const nameLength = view.getUint16(offset + 28, true);
    const next = offset + 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
    if (next > eocd) throw new ImportError("CORRUPT");
    const entry: Entry = {
      name: decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
      method: view.getUint16(offset + 10, true),
      crc: view.getUint32(offset + 16, true),
      compressedSize: view.getUint32(offset + 20, true),
      declaredSize: view.getUint32(offset + 24, true),
      localOffset: view.getUint32(offset + 42, true),
    };
    // Encrypted entries cannot be read; two entries with one name are ambiguous.
    if (flags & 0x1 || entries.has(entry.name)) throw new ImportError("CORRUPT");
    entries.set(entry.name, entry);
    offset = next;
  }
  return entries;
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of up to 65,535 bytes at the very end of the file.
  const stop = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let i = view.byteLength - 22; i >= stop; i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) return i;
  }
  return -1;
}

interface Budget {
  /** Counts `n` more inflated bytes (the part has `partSoFar`); throws past a limit. */
  take(n: number, partSoFar: number): void;
}

async function inflateEntry(bytes: Uint8Array, entry: Entry, budget: Budget): Promise<Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const local = entry.localOffset;
  if (local + 30 > bytes.byteLength || view.getUint32(local, true) !== LOCAL_SIGNATURE) throw new ImportError("CORRUPT");
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.byteLength) throw new ImportError("CORRUPT");
  const packed = bytes.subarray(start, end);

  let data: Uint8Array;
  if (entry.method === STORED) {
    budget.take(packed.byteLength, packed.byteLength);
    data = packed;
  } else if (entry.method === DEFLATED) {
    data = await inflateCounting(packed, budget);
  } else {
    throw new ImportError("CORRUPT");
  }
  // The header's size and CRC are checked only after the real bytes are in, never used as a limit.
  if (data.byteLength !== entry.declaredSize || crc32(data) !== entry.crc) throw new ImportError("CORRUPT");
  return data;
}

/** Raw deflate → bytes, stopped as soon as the budget says the output is too large. */
function inflateCounting(packed: Uint8Array, budget: Budget): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const inflater = createInflateRaw({ chunkSize: 64 * 1024 });
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (error: unknown, value?: Uint8Array) => {
      if (settled) return;
      settled = true;
      if (error) {
        inflater.destroy();
        reject(error instanceof ImportError ? error : new ImportError("CORRUPT", { cause: error }));
      } else {
        resolve(value!);
      }
    };
    inflater.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.byteLength;
      try {
        budget.take(chunk.byteLength, size);
      } catch (e) {
        settle(e);
        return;
      }
      chunks.push(chunk);
    });
    inflater.on("error", (e) => settle(e));
    inflater.on("end", () => settle(null, Buffer.concat(chunks, size)));
    // Fed in slices, so a bomb is stopped within one slice's worth of output.
    const SLICE = 16 * 1024;
    let at = 0;
    const feed = () => {
      while (!settled && at < packed.byteLength) {
        const slice = packed.subarray(at, at + SLICE);
        at += SLICE;
        if (!inflater.write(slice)) {
          inflater.once("drain", feed);
          return;
        }
      }
      if (!settled) inflater.end();
    };
    feed();
  });
}
