// Entry point for uploaded files: type and size checks first (cheap, before any parsing),
// then the format reader, then the shared outline builder (which enforces EMPTY/TOO_LONG).

import { decodeText } from "./decode";
import { parseDocx } from "./docx";
import { parseMarkdownText } from "./markdown";
import { parseOutlineText } from "./outline";
import { IMPORT_LIMITS, ImportError, type ImportResult } from "./types";

export const SUPPORTED_EXTENSIONS: readonly string[] = [".docx", ".txt", ".md", ".markdown"];

export async function importFile(input: { fileName: string; bytes: Uint8Array }): Promise<ImportResult> {
  const ext = extensionOf(input.fileName);
  // Type first: for a 20 MB PDF, "unsupported type" is the useful message, not "too large".
  if (!SUPPORTED_EXTENSIONS.includes(ext)) {
    throw new ImportError("UNSUPPORTED_TYPE");
  }
  if (input.bytes.byteLength > IMPORT_LIMITS.maxBytes) throw new ImportError("TOO_LARGE");
  // Explorer's "New > Word document" creates a 0-byte .docx: that is empty, not corrupt.
  if (input.bytes.byteLength === 0) throw new ImportError("EMPTY");

  if (ext === ".docx") return parseDocx(input.bytes);
  const text = decodeText(input.bytes);
  return ext === ".txt" ? parseOutlineText(text) : parseMarkdownText(text);
}

function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/u).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot).toLowerCase() : "";
}
