// Entry point for uploaded files: type and size checks first (cheap, before any parsing),
// then the format reader, then the shared outline builder (which enforces EMPTY/TOO_LONG).
// Files from outside are parsed through server/import/untrusted.ts, which runs this in a
// worker thread with memory and time limits; call importFile directly only in that worker
// and in tests.

import { decodeText } from "./decode";
import { parseDocx } from "./docx";
import { parseMarkdownText } from "./markdown";
import { parseOutlineText } from "./outline";
import { IMPORT_LIMITS, ImportError, type ImportResult } from "./types";

export const SUPPORTED_EXTENSIONS: readonly string[] = [".docx", ".txt", ".md", ".markdown"];

/** The checks that need no parsing: type, file size, a 0-byte file. Throws ImportError. */
export function assertFileAcceptable(input: { fileName: string; byteLength: number }): void {
  const ext = extensionOf(input.fileName);
  // Type first: for a 20 MB PDF, "unsupported type" is the useful message, not "too large".
  if (!SUPPORTED_EXTENSIONS.includes(ext)) {
    throw new ImportError("UNSUPPORTED_TYPE");
  }
  if (input.byteLength > IMPORT_LIMITS.maxBytes) throw new ImportError("TOO_LARGE");
  // Explorer's "New > Word document" creates a 0-byte .docx: that is empty, not corrupt.
  if (input.byteLength === 0) throw new ImportError("EMPTY");
}

export async function importFile(input: { fileName: string; bytes: Uint8Array }): Promise<ImportResult> {
  assertFileAcceptable({ fileName: input.fileName, byteLength: input.bytes.byteLength });
  const ext = extensionOf(input.fileName);
  if (ext === ".docx") return parseDocx(input.bytes);
  const text = decodeText(input.bytes);
  // Parsing is linear but not cheap per line: ten million blank lines took 12 s. A text twice
  // the draft limit cannot fit, whatever its whitespace.
  if (text.length > IMPORT_LIMITS.maxRawChars) throw new ImportError("TOO_LONG");
  return ext === ".txt" ? parseOutlineText(text) : parseMarkdownText(text);
}

function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/u).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot).toLowerCase() : "";
}
