// Recognises Chinese official heading numbering at the start of a paragraph.
//
// Canonical order (outermost first), per book + 党政机关公文 (GB/T 9704) conventions:
//   第一章 > 第一节 > 一、 > （一） > 1. > （1）
// The outline builder ranks only the styles a document actually uses, so a draft that starts at
// （一） still gets level-1 sections, and 第一节 is level 2 only when 第一章 exists.

export type NumberingStyle = "chapter" | "section" | "cn" | "paren-cn" | "arabic" | "paren-arabic";

/** Sort keys spaced by 10 so format heading depths (markdown #, Word Heading N) can slot between. */
export const STYLE_KEY: Record<NumberingStyle, number> = {
  chapter: 10,
  section: 20,
  cn: 30,
  "paren-cn": 40,
  arabic: 50,
  "paren-arabic": 60,
};

// 一 … 九十九, written the standard way (十一, 二十, 九十九); rejects 一一, 十十.
const CN = "(?:[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])";
const AR = "[0-9０-９]";
const SP = "[\\s\\u3000]*";

// Tried in this order: bracketed forms before bare ones so "(1)" is never read as "1".
const PATTERNS: ReadonlyArray<readonly [NumberingStyle, RegExp]> = [
  ["chapter", new RegExp(`^第(?:${CN}|${AR}{1,3})章${SP}`)],
  // "第一节课…" is ordinary prose (a lesson), not a section heading.
  ["section", new RegExp(`^第(?:${CN}|${AR}{1,3})节(?!课)${SP}`)],
  // Full- and half-width brackets, mixed too: （一) (一）.
  ["paren-cn", new RegExp(`^[（(]${CN}[）)]${SP}`)],
  // （1） (1) and the common close-only form 1） 1).
  ["paren-arabic", new RegExp(`^[（(]?${AR}{1,2}[）)]${SP}`)],
  ["cn", new RegExp(`^${CN}[、．.]${SP}`)],
  // At most two digits, so years (2024年, 2024.) never match; "1.5万" / "3.14" are decimals,
  // and "1.1 背景" (decimal outline numbering) is left as body text on purpose.
  ["arabic", new RegExp(`^${AR}{1,2}(?:、|[.．](?!${AR}))${SP}`)],
];

export interface NumberingMatch {
  style: NumberingStyle;
  /** The paragraph text after the numbering and any following spaces. */
  rest: string;
}

export function matchNumbering(line: string): NumberingMatch | null {
  for (const [style, re] of PATTERNS) {
    const m = re.exec(line);
    if (m) return { style, rest: line.slice(m[0].length).trim() };
  }
  return null;
}

/**
 * Length limits (characters) that separate headings from numbered body paragraphs.
 * Outer styles (章/节/一、/（一）) get more room because official headings are often long
 * slogans; 1. and （1） lines that long are nearly always numbered body paragraphs.
 */
const LIMITS: Record<NumberingStyle, { plain: number; runIn: number }> = {
  chapter: { plain: 80, runIn: 60 },
  section: { plain: 80, runIn: 60 },
  cn: { plain: 80, runIn: 60 },
  "paren-cn": { plain: 80, runIn: 60 },
  arabic: { plain: 60, runIn: 40 },
  "paren-arabic": { plain: 60, runIn: 40 },
};

export interface HeadingSplit {
  title: string;
  /** Text after the run-in heading's 。, which becomes the section's first body paragraph. */
  runIn?: string;
}

/** Trailing 。/：/: (and spaces) are punctuation of the line, not part of a title. */
export function cleanTitle(text: string): string {
  // A loop rather than /[。：:\s]+$/, which backtracks quadratically on long runs.
  let end = text.length;
  while (end > 0 && /[。：:\s]/u.test(text.charAt(end - 1))) end--;
  return text.slice(0, end).trim();
}

/**
 * Decides whether a numbered paragraph is a heading, and splits run-in headings.
 *
 * - Run-in: "（一）政治引领有新亮点。正文……" → title before the first 。, rest is body.
 *   Only 。 ends a run-in title (！？； occur inside slogans); only when text follows it; and
 *   only if the title part is within `runIn` chars — otherwise it is a numbered body paragraph.
 * - Plain: no 。 followed by text → the whole remainder is the title if within `plain` chars.
 * - A remainder ending in ；，、 is an enumerated clause of a sentence ("1. 调研不够深入；"),
 *   not a heading (outline.ts also keeps the enumeration's closing "3、…。" item as body).
 * - Numbering with nothing after it ("一、" alone) is not a heading.
 */
export function splitHeading(style: NumberingStyle, rest: string): HeadingSplit | null {
  const limit = LIMITS[style];
  const stop = rest.indexOf("。");
  if (stop >= 0) {
    const after = rest.slice(stop + 1).trim();
    if (after) {
      const title = cleanTitle(rest.slice(0, stop));
      if (!title || stop > limit.runIn) return null;
      return { title, runIn: after };
    }
  }
  const title = cleanTitle(rest);
  if (!title || title.length > limit.plain || endsAsClause(title)) return null;
  return { title };
}

/** "1、理念得到更新；" — an enumerated clause of a running sentence, never a heading. */
export function endsAsClause(rest: string): boolean {
  return /[；;，,、]/u.test(rest.trimEnd().slice(-1));
}
