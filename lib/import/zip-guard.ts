// Cheap pre-check of a .docx zip before mammoth inflates it. The 10 MB upload cap bounds the
// compressed size only; a crafted document.xml can deflate ~1000:1 and take the server down.
// Reads the declared sizes from the zip central directory (no decompression). Declared sizes
// can lie, so this is a guard against accidents and naive bombs, not a sandbox.

import { ImportError } from "./types";

/** Real .docx files rarely exceed a few MB of XML; 500,000 characters fit in far less. */
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;

export function assertZipWithinLimits(bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd < 0) throw new ImportError("CORRUPT");
  const entries = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (offset + 46 > view.byteLength || view.getUint32(offset, true) !== CENTRAL_SIGNATURE) {
      throw new ImportError("CORRUPT");
    }
    // 0xFFFFFFFF means a ZIP64 size: nothing a Word document needs, so treat it as too big.
    total += view.getUint32(offset + 24, true);
    if (total > MAX_UNZIPPED_BYTES) throw new ImportError("TOO_LARGE");
    offset +=
      46 +
      view.getUint16(offset + 28, true) +
      view.getUint16(offset + 30, true) +
      view.getUint16(offset + 32, true);
  }
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of up to 65,535 bytes at the very end of the file.
  const stop = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let i = view.byteLength - 22; i >= stop; i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) return i;
  }
  return -1;
}
