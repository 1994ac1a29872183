// .docx → paragraphs with heading hints, via mammoth's document model (not its HTML): we need
// each paragraph's Word style ("Heading 2") as a hint, and its raw text for numbering detection.
//
// Hints: "Heading N" / "标题 N" → headingDepth N (numbering typed in the text still decides the
// style, see outline.ts); "Title"/"Subtitle" (标题/副标题) → never a section, so it lands in the
// opening. Word's automatic list numbering is not part of the paragraph text and is not
// reconstructed: such paragraphs count as headings only through a Heading style.

import { buildOutline } from "./outline";
import { ImportError, type ImportResult, type SourceLine } from "./types";
import { openDocxPackage } from "./zip-guard";

/** The slice of mammoth's document element shapes we read (lib/documents.js). */
interface DocElement {
  type: string;
  children?: DocElement[];
  value?: string;
  breakType?: string;
  styleName?: string | null;
  styleId?: string | null;
}

export async function parseDocx(bytes: Uint8Array): Promise<ImportResult> {
  return buildOutline(await docxToLines(bytes));
}

export async function docxToLines(bytes: Uint8Array): Promise<SourceLine[]> {
  // "PK\x03\x04": anything else (random bytes, a renamed .doc or .pdf) is not a docx at all.
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) {
    throw new ImportError("CORRUPT");
  }
  // Our own zip reader (zip-guard.ts): every part is inflated with a counted limit.
  const file = openDocxPackage(bytes);

  // Loaded lazily so bundling the text parser for the browser does not pull in mammoth.
  const { default: mammoth } = await import("mammoth");
  const lines: SourceLine[] = [];
  try {
    await mammoth.convertToHtml(
      // mammoth's `file` input (an opened zip) is not in its typings; lib/unzip.js accepts it.
      { file } as unknown as { buffer: Buffer },
      {
        transformDocument: (document: DocElement) => {
          collect(document, lines);
          return document;
        },
        // Images are not part of a draft: never inflate or base64 them.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: "" })),
      },
    );
  } catch (cause) {
    // Over a limit while inflating: that answer stands.
    if (cause instanceof ImportError) throw cause;
    // Nesting deeper than the parser's recursion can follow: not corrupt, just unreadable here.
    if (cause instanceof RangeError && /call stack/u.test(cause.message)) throw new ImportError("TOO_COMPLEX", { cause });
    // A broken zip, "Could not find main document part", malformed XML: all mean the same to
    // the author — Word (or whatever saved it) did not produce a readable document.
    throw new ImportError("CORRUPT", { cause });
  }
  return lines;
}

function collect(element: DocElement, out: SourceLine[]): void {
  if (element.type !== "paragraph") {
    for (const child of element.children ?? []) collect(child, out);
    return;
  }
  const hint = styleHint(element);
  const segments = (element.children ?? []).map(textOf).join("").split("\n");
  if (typeof hint === "number") {
    // A soft line break inside a heading is layout, not structure.
    out.push({ text: segments.join(""), headingDepth: hint });
  } else {
    for (const text of segments) out.push(hint === "title" ? { text, forceBody: true } : { text });
  }
  // Text boxes put whole paragraphs inside a run; read them after their anchor paragraph.
  for (const child of element.children ?? []) collectNested(child, out);
}

function collectNested(element: DocElement, out: SourceLine[]): void {
  if (element.type === "paragraph") collect(element, out);
  else for (const child of element.children ?? []) collectNested(child, out);
}

function textOf(element: DocElement): string {
  switch (element.type) {
    case "text":
      return element.value ?? "";
    case "tab":
      return "\t";
    case "break":
      return element.breakType === "line" ? "\n" : "";
    case "paragraph":
    case "note":
    case "comment":
      return ""; // nested paragraphs are emitted separately; notes/comments are not draft text
    default:
      return (element.children ?? []).map(textOf).join("");
  }
}

function styleHint(paragraph: DocElement): number | "title" | undefined {
  const name = (paragraph.styleName ?? "").trim().toLowerCase();
  const byName = /^(?:heading|标题)\s*([1-9])$/u.exec(name);
  const byId = /^heading\s*([1-9])$/iu.exec(paragraph.styleId ?? "");
  const depth = byName?.[1] ?? byId?.[1];
  if (depth) return Number(depth);
  if (["title", "subtitle", "标题", "副标题"].includes(name)) return "title";
  return undefined;
}
