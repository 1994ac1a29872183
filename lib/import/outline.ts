// Turns a flat list of paragraphs into the section tree. Every input format ends up here, so
// the level rules live in exactly one place.
//
// Level rule: each heading gets a sort key — its numbering style's canonical key (numbering.ts)
// or, for a format heading without numbering, a key derived from its depth (see depthKey).
// The distinct keys present in the document are ranked; rank 1 → level 1, … rank 4 → level 4.
// Headings of a 5th or deeper rank stay body paragraphs with their numbering text intact, since
// levels stop at 4 and such deep items are lists inside a paragraph's topic, not sections.
// A heading that skips a level (一、 followed directly by 1.) keeps its style's level and nests
// under the nearest shallower heading, so one numbering style always maps to one level.

import {
  cleanTitle,
  endsAsClause,
  matchNumbering,
  splitHeading,
  STYLE_KEY,
  type NumberingStyle,
} from "./numbering";
import { detectFurniture } from "./furniture";
import {
  assertTextWithinLimits,
  type FurnitureLine,
  type FurnitureReason,
  type ImportedSection,
  type ImportResult,
  type SectionLevel,
  type SourceLine,
} from "./types";

interface BodyItem {
  kind: "body";
  text: string;
  /** Set on web-page furniture (furniture.ts); such a line is never a heading. */
  furniture?: FurnitureReason;
}

interface HeadingItem {
  kind: "heading";
  title: string;
  runIn?: string;
  /** The paragraph as it was, used if the heading is demoted back to body text. */
  source: string;
  key: number;
  /** Set for format headings (markdown #, Word Heading N). */
  depth?: number;
  numbered: boolean;
  level?: SectionLevel;
}

type Item = BodyItem | HeadingItem;

interface ScanState {
  /** Format depth → smallest numbering key seen on a format heading at that depth. */
  anchors: Map<number, number>;
  /** Style of the previous paragraph if it was an enumerated clause ("1、…；"), else null. */
  clauseStyle: NumberingStyle | null;
}

// String.prototype.trim already covers \u3000 (full-width space), NBSP and BOM. Zero-width
// spaces (pasted from web pages and Word) are invisible junk anywhere, so they are removed
// outright. No edge-anchored regex: /\s+$/ is quadratic on long runs of spaces.
export function cleanLine(text: string): string {
  return text.replaceAll("\u200b", "").trim();
}

export function parseOutlineText(text: string): ImportResult {
  return buildOutline(text.split(/\r\n|[\r\n\u2028\u2029]/u).map((t) => ({ text: t })));
}

export function buildOutline(lines: readonly SourceLine[]): ImportResult {
  const items: Item[] = [];
  const state: ScanState = { anchors: new Map(), clauseStyle: null };
  let chars = 0;
  for (const line of lines) {
    const text = cleanLine(line.text);
    if (!text) continue; // blank lines carry no structure
    chars += text.length;
    items.push(classify(line, text, state));
  }
  // Counted on trimmed paragraph text, close to what Word's 字数 shows the author.
  assertTextWithinLimits(chars, items.length > 0);

  // Furniture stays where it is, as a body paragraph (a numbered 相关阅读 link must not become
  // a section or change the levels), and is listed so the preview can offer to drop it.
  const furniture = detectFurniture(
    items.map((i) => (i.kind === "heading" ? { text: i.source, heading: true } : { text: i.text, heading: false })),
  );
  for (const [index, reason] of furniture) {
    const item = items[index];
    if (item) items[index] = { kind: "body", text: item.kind === "heading" ? item.source : item.text, furniture: reason };
  }

  for (const item of items) {
    if (item.kind === "heading" && !item.numbered && item.depth !== undefined) {
      item.key = depthKey(item.depth, state.anchors);
    }
  }
  demoteLoneTitle(items);
  assignLevels(items);
  return assemble(items);
}

function classify(line: SourceLine, text: string, state: ScanState): Item {
  const previousClause = state.clauseStyle;
  state.clauseStyle = null;
  if (line.forceBody) return { kind: "body", text };
  const match = matchNumbering(text);
  const anchors = state.anchors;
  const depth = line.headingDepth;
  if (depth !== undefined) {
    // The author marked this paragraph as a heading, so no length or run-in guesswork:
    // numbering in its text decides the style, otherwise its depth does.
    if (match) {
      const title = cleanTitle(match.rest);
      if (!title) return { kind: "body", text };
      const key = STYLE_KEY[match.style];
      anchors.set(depth, Math.min(anchors.get(depth) ?? key, key));
      return { kind: "heading", title, source: text, key, depth, numbered: true };
    }
    const title = cleanTitle(text);
    if (!title) return { kind: "body", text };
    return { kind: "heading", title, source: text, key: 0, depth, numbered: false };
  }
  if (match) {
    if (endsAsClause(match.rest)) {
      state.clauseStyle = match.style;
      return { kind: "body", text };
    }
    // "1、…；2、…；3、…。": the item right after a clause of the same style closes the
    // enumeration, even though it ends with 。 like a heading would.
    if (previousClause === match.style) return { kind: "body", text };
    const split = splitHeading(match.style, match.rest);
    if (split) {
      const key = STYLE_KEY[match.style];
      return { kind: "heading", ...split, source: text, key, numbered: true };
    }
  }
  return { kind: "body", text };
}

/**
 * Sort key for a format heading without numbering, e.g. "## 结语" in a markdown file whose
 * other "##" headings read "二、…". Anchors map depth → numbering key seen at that depth.
 * - same depth as numbered headings → same level as them ("## 结语" sits beside "## 二、");
 * - deeper/shallower than the nearest anchor → just below/above that numbering style;
 * - no numbered format headings at all → above every numbering style, ordered by depth, so
 *   "# / ##" structure wins over numbered plain paragraphs.
 */
function depthKey(depth: number, anchors: ReadonlyMap<number, number>): number {
  const exact = anchors.get(depth);
  if (exact !== undefined) return exact;
  let lower: number | undefined;
  let higher: number | undefined;
  for (const d of anchors.keys()) {
    if (d < depth && (lower === undefined || d > lower)) lower = d;
    if (d > depth && (higher === undefined || d < higher)) higher = d;
  }
  if (lower !== undefined) return (anchors.get(lower) ?? 0) + (depth - lower);
  if (higher !== undefined) return (anchors.get(higher) ?? 0) - (higher - depth);
  return depth - 10;
}

/**
 * "# 关于2024年工作的报告" / a Word Heading 1 title: when the first heading is an unnumbered
 * format heading that outranks every other heading (the only one at its rank), it is the
 * document's title, so it goes to the opening instead of wrapping the whole draft in one
 * section.
 */
function demoteLoneTitle(items: Item[]): void {
  const headings = items.filter((i): i is HeadingItem => i.kind === "heading");
  const first = headings[0];
  if (!first || first.numbered || first.depth === undefined) return;
  if (headings.slice(1).every((h) => h.key > first.key)) {
    items[items.indexOf(first)] = { kind: "body", text: first.title };
  }
}

function assignLevels(items: Item[]): void {
  const keys = [...new Set(items.flatMap((i) => (i.kind === "heading" ? [i.key] : [])))];
  keys.sort((a, b) => a - b);
  items.forEach((item, index) => {
    if (item.kind !== "heading") return;
    const rank = keys.indexOf(item.key) + 1;
    if (rank > 4) items[index] = { kind: "body", text: item.source };
    else item.level = rank as SectionLevel;
  });
}

function assemble(items: readonly Item[]): ImportResult {
  const opening: string[] = [];
  const sections: ImportedSection[] = [];
  const stack: Array<{ section: ImportedSection; path: number[] }> = [];
  const furniture: FurnitureLine[] = [];
  items.forEach((item, line) => {
    if (item.kind === "body") {
      const top = stack.at(-1);
      const container = top?.section.body ?? opening;
      if (item.furniture) {
        furniture.push({ line, text: item.text, reason: item.furniture, at: { path: top?.path ?? [], index: container.length } });
      }
      container.push(item.text);
      return;
    }
    const level = item.level ?? 4;
    const section: ImportedSection = {
      title: item.title,
      level,
      body: item.runIn ? [item.runIn] : [],
      children: [],
    };
    while ((stack.at(-1)?.section.level ?? 0) >= level) stack.pop();
    const parent = stack.at(-1);
    const siblings = parent?.section.children ?? sections;
    stack.push({ section, path: [...(parent?.path ?? []), siblings.length] });
    siblings.push(section);
  });
  return furniture.length > 0 ? { opening, sections, furniture } : { opening, sections };
}
