// Public types, limits and the single error type of the draft importer.
// Kept free of Node/Next imports so the parser can run in the browser (paste preview) too.

export type SectionLevel = 1 | 2 | 3 | 4;

export interface ImportedSection {
  title: string;
  level: SectionLevel;
  body: string[];
  children: ImportedSection[];
}

export interface ImportResult {
  /** Paragraphs before the first heading: the draft title, "同志们：", a preamble. */
  opening: string[];
  sections: ImportedSection[];
  /**
   * Web-page furniture (breadcrumbs, 发布时间/来源 lines, 相关阅读 links, copyright footers…)
   * found among the paragraphs above. They are still IN `opening`/`sections`, always as body
   * paragraphs: the preview offers them for removal (see furniture.ts). Absent when none.
   */
  furniture?: FurnitureLine[];
}

export type FurnitureReason =
  | "breadcrumb"
  | "meta"
  | "intro"
  | "tools"
  | "repeatedTitle"
  | "related"
  | "copyright";

export interface FurnitureLine {
  /** Index among the text's non-blank lines: what removeLines / withoutFurniture take. */
  line: number;
  text: string;
  reason: FurnitureReason;
  /**
   * Where the paragraph is: `path` = section indices from the top level down (empty for the
   * opening), `index` = its position in that opening or section body.
   */
  at: { path: number[]; index: number };
}

/**
 * maxBytes: an uploaded file; maxChars: the draft's text; maxRawChars: a text file or pasted
 * text before parsing (whitespace and line breaks included) — refused as TOO_LONG unparsed.
 */
export const IMPORT_LIMITS = { maxBytes: 10 * 1024 * 1024, maxChars: 500_000, maxRawChars: 1_000_000 } as const;

export type ImportErrorCode =
  | "TOO_LARGE"
  | "UNPACKED_TOO_LARGE"
  | "UNSUPPORTED_TYPE"
  | "CORRUPT"
  | "EMPTY"
  | "TOO_LONG"
  | "TOO_COMPLEX"
  | "PARSE_TIMEOUT"
  | "BUSY";

/**
 * zh-CN defaults so a server log or the CLI is readable without the catalogue; the UI should
 * translate by `code` (the lead's message catalogue), not show `.message` directly.
 */
export const IMPORT_ERROR_MESSAGES: Record<ImportErrorCode, string> = {
  TOO_LARGE: "文件超过 10 MB，无法导入。",
  UNPACKED_TOO_LARGE: "文件解压后的内容过大（Word 文档的文字部分不能超过 8 MB，合计不超过 12 MB），无法导入。",
  UNSUPPORTED_TYPE: "不支持该文件类型，请上传 .docx、.txt 或 .md 文件（旧版 .doc 请先另存为 .docx）。",
  CORRUPT: "文件已损坏或格式无法识别，无法读取。",
  EMPTY: "文件没有可导入的文字内容。",
  TOO_LONG: "文稿超过 50 万字，无法导入。",
  TOO_COMPLEX: "文件结构过于复杂，读取时超出内存限制，无法导入。请在 Word 中另存为新文件，或复制文字后粘贴导入。",
  PARSE_TIMEOUT: "文件读取超时（超过 20 秒），无法导入。请在 Word 中另存为新文件，或复制文字后粘贴导入。",
  BUSY: "服务器正在处理其他导入，请稍后再试。",
};

export class ImportError extends Error {
  readonly code: ImportErrorCode;

  constructor(code: ImportErrorCode, options?: { cause?: unknown }) {
    super(IMPORT_ERROR_MESSAGES[code], options);
    this.name = "ImportError";
    this.code = code;
  }
}

/**
 * One paragraph handed from a format reader (text / markdown / docx) to the outline builder.
 * `headingDepth` is the format's own heading hint (markdown `#` count, Word "Heading N");
 * `forceBody` keeps a paragraph out of heading detection (code blocks, Word "Title").
 */
export interface SourceLine {
  text: string;
  headingDepth?: number;
  forceBody?: boolean;
}

/** Enforces EMPTY / TOO_LONG on the extracted text, shared by every input path. */
export function assertTextWithinLimits(charCount: number, hasContent: boolean): void {
  if (charCount > IMPORT_LIMITS.maxChars) throw new ImportError("TOO_LONG");
  if (!hasContent) throw new ImportError("EMPTY");
}
