// Draft importer: pasted text, .txt, .md or .docx → section tree. Pure TypeScript with no
// framework imports. Only the .docx path needs Node (Buffer) and mammoth, and mammoth is
// imported lazily on the first .docx, so the text parser is safe to bundle for the browser.

export {
  IMPORT_ERROR_MESSAGES,
  IMPORT_LIMITS,
  ImportError,
  type FurnitureLine,
  type FurnitureReason,
  type ImportErrorCode,
  type ImportedSection,
  type ImportResult,
  type SectionLevel,
} from "./types";
export { parseOutlineText } from "./outline";
export {
  FURNITURE_FIELD,
  guessTitle,
  parseFurnitureChoice,
  removeLines,
  withoutFurniture,
} from "./furniture";
export { parseMarkdownText } from "./markdown";
export { importFile, SUPPORTED_EXTENSIONS } from "./import-file";
export { toEditorDoc, toOutlineJson, type EditorDoc, type OutlineNode } from "./serialize";
