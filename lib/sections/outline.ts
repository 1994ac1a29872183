/**
 * Section structure of a draft, derived from ProseMirror JSON. Pure: no
 * ProseMirror import, runs on server and client.
 *
 * Model: only TOP-LEVEL headings (direct children of `doc`) open sections.
 * A heading nested in e.g. a blockquote is ordinary body content. For the
 * section opened by a heading at top-level index `start`:
 *
 *   own body  = blocks after the heading up to the next heading of ANY level
 *               (`bodyEnd`). textLength / contentHash cover heading + own body,
 *               so editing a subsection never changes its parent's hash — each
 *               section is reviewed/locked on its own text.
 *   subtree   = blocks up to the next heading of the SAME OR HIGHER level
 *               (`end`), i.e. including all subsections. This is the unit that
 *               moves; subtreeTextLength covers it.
 *
 * Blocks before the first heading (preamble, e.g. 文件标题/主送机关) belong to
 * no section.
 */
import { canonicalJson, sha256Hex } from "./hash";
import { normalizeLevel, numberHeadings, type SectionLevel } from "./numbering";

export interface PMJSONMark {
  type: string;
  attrs?: Record<string, unknown>;
}

export interface PMJSONNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: PMJSONNode[];
  text?: string;
  marks?: PMJSONMark[];
}

export interface DerivedSection {
  sid: string;
  level: SectionLevel;
  /** Heading plain text, trimmed. */
  title: string;
  /** 0-based position among all sections in document order. */
  order: number;
  /** Computed display label: 一、 / （一） / 1. / （1）. */
  label: string;
  /** Nearest preceding section with a smaller level, or null at top level. */
  parentSid: string | null;
  /** Unicode code points of text in heading + own body (non-text leaves count 0). */
  textLength: number;
  /** Same count over the whole subtree (heading + own body + subsections). */
  subtreeTextLength: number;
  /** SHA-256 hex of canonical JSON of [heading, ...own body blocks]. */
  contentHash: string;
}

/** Minimal per-block info; lets the same range logic serve JSON and PM nodes. */
export interface BlockInfo {
  /** null for non-heading blocks. */
  level: SectionLevel | null;
  sid: string | null;
}

/** A section expressed as top-level block indices (end-exclusive). */
export interface SectionRange {
  sid: string;
  level: SectionLevel;
  start: number;
  bodyEnd: number;
  end: number;
  parentSid: string | null;
}

export function blockInfoOfJson(node: PMJSONNode): BlockInfo {
  if (node.type !== "heading") return { level: null, sid: null };
  const sid = node.attrs?.["sid"];
  return { level: normalizeLevel(node.attrs?.["level"]), sid: typeof sid === "string" ? sid : null };
}

/**
 * Section ranges over a flat list of top-level blocks. Headings without a sid
 * get sid "" — documents produced by the editor never have those (SectionIds
 * guarantees it); use `ensureSectionIds` on imported JSON before relying on sids.
 */
export function sectionRangesFromBlocks(blocks: readonly BlockInfo[]): SectionRange[] {
  const ranges: SectionRange[] = [];
  // Stack of open ancestors; one pass, O(n).
  const open: SectionRange[] = [];
  blocks.forEach((block, index) => {
    if (block.level === null) return;
    const prev = ranges[ranges.length - 1];
    if (prev) prev.bodyEnd = index;
    while (open.length > 0 && open[open.length - 1]!.level >= block.level) open.pop()!.end = index;
    const range: SectionRange = {
      sid: block.sid ?? "",
      level: block.level,
      start: index,
      bodyEnd: blocks.length,
      end: blocks.length,
      parentSid: open[open.length - 1]?.sid ?? null,
    };
    ranges.push(range);
    open.push(range);
  });
  return ranges;
}

export function sectionRanges(doc: PMJSONNode): SectionRange[] {
  return sectionRangesFromBlocks((doc.content ?? []).map(blockInfoOfJson));
}

function textOf(node: PMJSONNode): string {
  if (typeof node.text === "string") return node.text;
  return (node.content ?? []).map(textOf).join("");
}

const codePoints = (s: string) => Array.from(s).length;

/**
 * Adjacent text nodes with identical marks are one logical run; ProseMirror
 * always merges them, hand-made/imported JSON may not. Merge before hashing so
 * equal content hashes equally.
 */
function normalizeForHash(node: PMJSONNode): PMJSONNode {
  if (!node.content) return node;
  const merged: PMJSONNode[] = [];
  for (const child of node.content.map(normalizeForHash)) {
    const last = merged[merged.length - 1];
    if (
      last &&
      typeof last.text === "string" &&
      typeof child.text === "string" &&
      canonicalJson(last.marks ?? []) === canonicalJson(child.marks ?? [])
    ) {
      merged[merged.length - 1] = { ...last, text: last.text + child.text };
    } else if (child.text !== "") {
      merged.push(child);
    }
  }
  return { ...node, content: merged };
}

export function hashBlocks(blocks: readonly PMJSONNode[]): string {
  return sha256Hex(canonicalJson(blocks.map(normalizeForHash)));
}

/** The outline of a document: one entry per top-level heading, in order. */
export function deriveOutline(doc: PMJSONNode): DerivedSection[] {
  const blocks = doc.content ?? [];
  const ranges = sectionRangesFromBlocks(blocks.map(blockInfoOfJson));
  const labels = numberHeadings(ranges);
  const lengths = blocks.map((b) => codePoints(textOf(b)));
  const sum = (from: number, to: number) => lengths.slice(from, to).reduce((a, b) => a + b, 0);
  return ranges.map((r, order) => ({
    sid: r.sid,
    level: r.level,
    title: textOf(blocks[r.start]!).trim(),
    order,
    label: labels[order] ?? "",
    parentSid: r.parentSid,
    textLength: sum(r.start, r.bodyEnd),
    subtreeTextLength: sum(r.start, r.end),
    contentHash: hashBlocks(blocks.slice(r.start, r.bodyEnd)),
  }));
}

export type MoveTarget = "up" | "down" | { beforeSid: string | null };

/** Move `[start, end)` so it sits immediately before original index `insertBefore`. */
export interface MovePlan {
  start: number;
  end: number;
  insertBefore: number;
}

/**
 * Where a section's subtree should go. "up"/"down" swap with the adjacent
 * sibling of the SAME level under the same parent (q.end === r.start means no
 * shallower heading separates them); a sibling of a different level (level-3
 * next to level-2 under a level-1) is not swapped because that would re-parent
 * blocks. `{beforeSid}` is a free move (drag in outline) before that section's
 * heading, or to the document end for null; re-parenting is the caller's intent.
 * Returns null when impossible (unknown sid, no sibling, target inside itself).
 */
export function planSectionMove(
  ranges: readonly SectionRange[],
  sid: string,
  target: MoveTarget,
  blockCount: number,
): MovePlan | null {
  const r = ranges.find((x) => x.sid === sid);
  if (!r) return null;
  const span = { start: r.start, end: r.end };
  if (target === "up") {
    const prev = ranges.find((q) => q.end === r.start && q.level === r.level);
    return prev ? { ...span, insertBefore: prev.start } : null;
  }
  if (target === "down") {
    const next = ranges.find((q) => q.start === r.end && q.level === r.level);
    return next ? { ...span, insertBefore: next.end } : null;
  }
  if (target.beforeSid === null) return { ...span, insertBefore: blockCount };
  const before = ranges.find((q) => q.sid === target.beforeSid);
  if (!before || (before.start >= r.start && before.start < r.end)) return null;
  return { ...span, insertBefore: before.start };
}

/** Apply a plan to any array of blocks (JSON content, test fixtures…). */
export function applyMovePlan<T>(blocks: readonly T[], plan: MovePlan): T[] {
  const moved = blocks.slice(plan.start, plan.end);
  const rest = [...blocks.slice(0, plan.start), ...blocks.slice(plan.end)];
  const at = plan.insertBefore > plan.start ? plan.insertBefore - moved.length : plan.insertBefore;
  return [...rest.slice(0, at), ...moved, ...rest.slice(at)];
}

/** Server-side convenience: move a section in a JSON doc; null if impossible. */
export function moveSectionInJson(doc: PMJSONNode, sid: string, target: MoveTarget): PMJSONNode | null {
  const blocks = doc.content ?? [];
  const plan = planSectionMove(sectionRanges(doc), sid, target, blocks.length);
  return plan ? { ...doc, content: applyMovePlan(blocks, plan) } : null;
}
