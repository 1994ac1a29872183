// Output shapes for the rest of the app: the outline JSON (CLI, previews, API) and the
// ProseMirror/Tiptap document the collaborative editor is seeded with.

import type { ImportedSection, ImportResult } from "./types";

export interface OutlineNode {
  title: string;
  level: number;
  children: OutlineNode[];
}

/** Exactly `{title, level, children}` per node: no bodies, so it stays small and diffable. */
export function toOutlineJson(result: ImportResult): OutlineNode[] {
  const convert = (s: ImportedSection): OutlineNode => ({
    title: s.title,
    level: s.level,
    children: s.children.map(convert),
  });
  return result.sections.map(convert);
}

export interface EditorText {
  type: "text";
  text: string;
}
export interface EditorParagraph {
  type: "paragraph";
  content?: EditorText[];
}
export interface EditorHeading {
  type: "heading";
  attrs: { level: number; sid: string };
  content?: EditorText[];
}
export interface EditorDoc {
  type: "doc";
  content: Array<EditorParagraph | EditorHeading>;
}

/**
 * Flat document in reading order: opening paragraphs, then each heading followed by its body
 * and its children. The editor has no nested section nodes — nesting is implied by heading
 * levels — and every heading gets a fresh stable section id from `newSid`.
 */
export function toEditorDoc(result: ImportResult, newSid: () => string): EditorDoc {
  const content: EditorDoc["content"] = result.opening.map(paragraph);
  const visit = (s: ImportedSection): void => {
    content.push({ type: "heading", attrs: { level: s.level, sid: newSid() }, ...textContent(s.title) });
    for (const text of s.body) content.push(paragraph(text));
    s.children.forEach(visit);
  };
  result.sections.forEach(visit);
  return { type: "doc", content };
}

function paragraph(text: string): EditorParagraph {
  return { type: "paragraph", ...textContent(text) };
}

// ProseMirror rejects empty text nodes, so an empty block has no `content` key at all.
function textContent(text: string): { content?: EditorText[] } {
  return text ? { content: [{ type: "text", text }] } : {};
}
