// Bytes of a .txt/.md file → string. Chinese offices still save GBK/GB2312 text (old Notepad,
// WPS defaults), and Notepad's "Unicode" option writes UTF-16 with a BOM, so UTF-8 alone is not
// enough. GB18030 is a superset of GBK and GB2312, so one fallback covers all three.

import { ImportError } from "./types";

export function decodeText(bytes: Uint8Array): string {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xff && b1 === 0xfe) return strict("utf-16le", bytes.subarray(2));
  if (b0 === 0xfe && b1 === 0xff) return strict("utf-16be", bytes.subarray(2));
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) return strict("utf-8", bytes.subarray(3));

  // No BOM: valid UTF-8 wins (an accidental UTF-8 reading of GBK bytes fails validation on
  // almost every real Chinese text), then GB18030.
  const text = tryDecode("utf-8", bytes) ?? tryDecode("gb18030", bytes);
  if (text === null) throw new ImportError("CORRUPT");
  return rejectBinary(text);
}

function strict(encoding: string, bytes: Uint8Array): string {
  const text = tryDecode(encoding, bytes);
  if (text === null) throw new ImportError("CORRUPT");
  return rejectBinary(text);
}

function tryDecode(encoding: string, bytes: Uint8Array): string | null {
  try {
    // ignoreBOM: the BOM was handled above; fatal: invalid bytes must fail, not become U+FFFD.
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

// A NUL byte decodes "validly" but means the file is binary (a renamed .doc/.pdf), not text.
function rejectBinary(text: string): string {
  if (text.includes("\u0000")) throw new ImportError("CORRUPT");
  return text;
}
