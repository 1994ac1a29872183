import type { Node as PMNode } from "@tiptap/pm/model";
import { numberHeadings, normalizeLevel, type SectionLevel } from "@/lib/sections/numbering";

export interface LiveSection {
  sid: string;
  level: SectionLevel;
  title: string;
  label: string;
  /** Position of the heading node, for scrolling and selection. */
  pos: number;
}

/** The outline straight from the editor state, so moves renumber the outline at once. */
export function liveOutline(doc: PMNode): LiveSection[] {
  const heads: Omit<LiveSection, "label">[] = [];
  doc.forEach((node, offset) => {
    if (node.type.name === "heading" && typeof node.attrs.sid === "string" && node.attrs.sid) {
      heads.push({ sid: node.attrs.sid, level: normalizeLevel(node.attrs.level), title: node.textContent.trim(), pos: offset });
    }
  });
  const labels = numberHeadings(heads);
  return heads.map((h, i) => ({ ...h, label: labels[i] ?? "" }));
}

/** The section (sid) that contains a document position: the last heading at or before it. */
export function sectionAt(outline: LiveSection[], pos: number): string | null {
  let found: string | null = null;
  for (const s of outline) {
    if (s.pos <= pos) found = s.sid;
    else break;
  }
  return found;
}
