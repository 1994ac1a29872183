/**
 * A version's sections: the outline of lib/sections/outline.ts (sid, label, title, level,
 * order, content hash of heading + own body) plus the text each one holds, for the section
 * diff and the character diff. Blocks before the first heading (title lines, 主送机关) are
 * the preamble, a pseudo-section with sid PREAMBLE_SID, present only when not empty.
 */
import { sectionRanges, deriveOutline, hashBlocks, type PMJSONNode } from "@/lib/sections/outline";

/** Not a possible sid (those are base36), so it never meets a real section. */
export const PREAMBLE_SID = "_preamble";

export interface VersionSection {
  sid: string;
  /** 一、/（一）/ 1. /（1）; "" for the preamble. */
  label: string;
  title: string;
  /** 1–4; 0 for the preamble. */
  level: number;
  /** Position in the document; -1 for the preamble. */
  order: number;
  /** SHA-256 of the canonical JSON of the heading and its own body (lib/sections/outline.ts). */
  hash: string;
}

export interface SectionWithText extends VersionSection {
  /** Plain text of the heading and its own body, blocks separated by line breaks. */
  text: string;
}

/** What DraftVersion.sectionHashes stores: `{ [sid]: { hash, title, label, level, order } }`. */
export type SectionHashes = Record<string, Omit<VersionSection, "sid">>;

const INLINE_LEAVES = new Set(["hardBreak"]);

/** Text of a block: inline content concatenated, nested blocks on their own lines. */
export function blockText(node: PMJSONNode): string {
  if (typeof node.text === "string") return node.text;
  if (INLINE_LEAVES.has(node.type)) return "\n";
  const children = node.content ?? [];
  const inline = children.some((c) => typeof c.text === "string" || INLINE_LEAVES.has(c.type));
  return children.map(blockText).join(inline ? "" : "\n");
}

const textOfBlocks = (blocks: readonly PMJSONNode[]) => blocks.map(blockText).join("\n");

/**
 * The sections of a document in order, the preamble first when it holds text. A sid that
 * occurs twice (briefly possible while editors repair a concurrent insert) keeps its first
 * occurrence; later ones are keyed `<sid>~2`, `<sid>~3` … so nothing is lost from a diff.
 */
export function versionSectionsWithText(doc: PMJSONNode): SectionWithText[] {
  const blocks = doc.content ?? [];
  const ranges = sectionRanges(doc);
  const outline = deriveOutline(doc);
  const out: SectionWithText[] = [];
  const firstHeading = ranges[0]?.start ?? blocks.length;
  const preamble = blocks.slice(0, firstHeading);
  const preambleText = textOfBlocks(preamble);
  if (preambleText.trim() !== "") {
    out.push({ sid: PREAMBLE_SID, label: "", title: "", level: 0, order: -1, hash: hashBlocks(preamble), text: preambleText });
  }
  const seen = new Map<string, number>();
  ranges.forEach((r, i) => {
    const s = outline[i]!;
    const n = (seen.get(s.sid) ?? 0) + 1;
    seen.set(s.sid, n);
    out.push({
      sid: n === 1 ? s.sid : `${s.sid}~${n}`,
      label: s.label,
      title: s.title,
      level: s.level,
      order: s.order,
      hash: s.contentHash,
      text: textOfBlocks(blocks.slice(r.start, r.bodyEnd)),
    });
  });
  return out;
}

export function versionSections(doc: PMJSONNode): VersionSection[] {
  return versionSectionsWithText(doc).map(({ text: _text, ...s }) => s);
}

export function sectionHashesOf(doc: PMJSONNode): SectionHashes {
  const out: SectionHashes = {};
  for (const { sid, ...rest } of versionSections(doc)) out[sid] = rest;
  return out;
}

/** Sections from a stored `sectionHashes` value, in document order (the preamble first). */
export function sectionsFromHashes(h: SectionHashes): VersionSection[] {
  return Object.entries(h)
    .map(([sid, s]) => ({ sid, ...s }))
    .sort((a, b) => a.order - b.order);
}
