// Markdown → paragraphs with heading hints. Deliberately a line scanner, not a full CommonMark
// parser: drafts arrive as markdown from note apps or AI tools, and all we need is which lines
// are headings (and how deep) plus clean text without markup.
//
// Choices:
// - ATX ("## 标题") and setext ("标题" over "===" / "---") headings carry their depth as a hint;
//   Chinese numbering in the heading text still decides its style (see outline.ts depthKey).
// - Unordered list markers (- * +), task boxes, blockquote ">" are stripped, so "- （一）…" is
//   read like a plain line. Ordered-list markers ("1. ") are kept: they ARE the 1. numbering
//   style and go through the same heading heuristics as plain text.
// - Fenced code blocks are body text, never headings; thematic breaks are dropped.

import { buildOutline } from "./outline";
import type { ImportResult, SourceLine } from "./types";

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/u;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/u;
const FENCE = /^ {0,3}(```|~~~)/u;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/u;
const CONTAINER_PREFIX = /^(?:[ \t]*>[ \t]?)+|^[ \t]*[-*+][ \t]+(?:\[[ xX]\][ \t]+)?/u;

export function parseMarkdownText(text: string): ImportResult {
  return buildOutline(markdownToLines(text));
}

export function markdownToLines(text: string): SourceLine[] {
  const raw = text.split(/\r\n|[\r\n\u2028\u2029]/u);
  const out: SourceLine[] = [];
  let fence: string | null = null;
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i] ?? "";
    const fenceMatch = FENCE.exec(line);
    if (fence !== null) {
      if (fenceMatch?.[1] === fence) fence = null;
      else out.push({ text: line, forceBody: true });
      continue;
    }
    if (fenceMatch?.[1]) {
      fence = fenceMatch[1];
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      out.push({ text: inline(stripClosingHashes(atx[2] ?? "")), headingDepth: atx[1]?.length ?? 1 });
      continue;
    }
    const next = raw[i + 1];
    const setext = next === undefined ? null : SETEXT.exec(next);
    if (setext && line.trim() && !CONTAINER_PREFIX.test(line)) {
      out.push({ text: inline(line), headingDepth: setext[1]?.startsWith("=") ? 1 : 2 });
      i++; // the underline is consumed
      continue;
    }
    if (THEMATIC_BREAK.test(line)) continue;
    out.push({ text: inline(line.replace(CONTAINER_PREFIX, "")) });
  }
  return out;
}

/** "## 标题 ##" → "标题"; a "#" glued to the text ("C#") is content, not a closing sequence. */
function stripClosingHashes(text: string): string {
  const trimmed = text.trimEnd();
  let end = trimmed.length;
  while (end > 0 && trimmed.charAt(end - 1) === "#") end--;
  if (end === trimmed.length) return trimmed;
  const before = trimmed.charAt(end - 1);
  return end === 0 || before === " " || before === "\t" ? trimmed.slice(0, end).trimEnd() : trimmed;
}

// Backslash-escapable punctuation ("1\.", "\*"). Escaped characters are parked on Unicode
// noncharacters U+FDD0+index (never valid in real text, unlike the private-use area, which
// GB18030 uses for rare characters) so the markup rules cannot consume them, then restored.
const ESCAPABLE = "\\`*_{}[]()#+-.!>|~";
const PARK = 0xfdd0;

/**
 * Drops inline markup but keeps its text. Spans are capped (SPAN chars) so an unclosed "[" or
 * "*" repeated across a 500,000-character line costs linear, not quadratic, time.
 */
export function inline(text: string): string {
  return text
    .replace(/\\([\\`*_{}[\]()#+\-.!>|~])/gu, (_, c: string) =>
      String.fromCharCode(PARK + ESCAPABLE.indexOf(c)),
    )
    .replace(/!\[([^\]]{0,300})\]\([^)]{0,2000}\)/gu, "$1") // image → alt text
    .replace(/\[([^\]]{1,300})\]\([^)]{0,2000}\)/gu, "$1") // link → label
    .replace(/<\/?[A-Za-z][^>]{0,300}>/gu, "") // inline HTML such as <br>, <u>
    .replace(/(\*\*|__|~~)(.{1,300}?)\1/gu, "$2")
    .replace(/\*(\S(?:.{0,300}?\S)?)\*/gu, "$1")
    .replace(/`([^`]{1,300})`/gu, "$1")
    .replace(/[\ufdd0-\ufdef]/gu, (c) => ESCAPABLE.charAt(c.charCodeAt(0) - PARK));
}
