/**
 * Chinese official-document section numbering (党政机关公文格式 GB/T 9704 style):
 *
 *   level 1  一、   level 2  （一）   level 3  1.   level 4  （1）
 *
 * Labels are always *computed* from heading levels and document order; they are
 * never stored in the text, so moving/inserting a section renumbers everything
 * for free and two collaborators can never disagree about a stored number.
 *
 * Pure module: safe on server and client.
 */

export type SectionLevel = 1 | 2 | 3 | 4;

export const SECTION_LEVELS: readonly SectionLevel[] = [1, 2, 3, 4];

/**
 * Coerce any stored/imported level into 1–4. Imported documents (docx, old JSON)
 * may carry h5/h6 or garbage; they are treated as the deepest supported level
 * rather than dropped, so every heading still numbers predictably.
 */
export function normalizeLevel(level: unknown): SectionLevel {
  const n = typeof level === "number" ? level : Number(level);
  if (!Number.isFinite(n) || n <= 1) return 1;
  if (n >= 4) return 4;
  return Math.floor(n) as SectionLevel;
}

const DIGITS = "零一二三四五六七八九";
const SMALL_UNITS = ["千", "百", "十", ""] as const;

/** 1..9999. `leadingTen` writes 10–19 as 十… (start of a number) instead of 一十… */
function belowTenThousand(n: number, leadingTen: boolean): string {
  const digits = [Math.floor(n / 1000) % 10, Math.floor(n / 100) % 10, Math.floor(n / 10) % 10, n % 10];
  let out = "";
  let started = false;
  let pendingZero = false;
  digits.forEach((d, i) => {
    const unit = SMALL_UNITS[i] ?? "";
    if (d === 0) {
      // Interior zeros collapse into a single 零 (1001 → 一千零一); trailing zeros vanish.
      if (started) pendingZero = true;
      return;
    }
    if (pendingZero) out += "零";
    pendingZero = false;
    out += !started && leadingTen && d === 1 && unit === "十" ? "十" : DIGITS.charAt(d) + unit;
    started = true;
  });
  return out;
}

/**
 * Positive integer → Chinese numeral as used in headings: 1→一, 10→十, 11→十一,
 * 20→二十, 99→九十九, 100→一百, 101→一百零一, 110→一百一十, 10010→一万零一十.
 * Supports 0 ≤ n < 100 000 000 (far beyond any realistic section count).
 */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 100_000_000) {
    throw new RangeError(`chineseNumeral: unsupported value ${n}`);
  }
  if (n === 0) return "零";
  if (n < 10_000) return belowTenThousand(n, true);
  const high = Math.floor(n / 10_000);
  const low = n % 10_000;
  let out = belowTenThousand(high, true) + "万";
  if (low > 0) out += (low < 1000 ? "零" : "") + belowTenThousand(low, false);
  return out;
}

/** Label for the `index`-th (1-based) sibling at `level`. */
export function sectionLabel(level: SectionLevel, index: number): string {
  switch (level) {
    case 1:
      return `${chineseNumeral(index)}、`;
    case 2:
      return `（${chineseNumeral(index)}）`;
    case 3:
      return `${index}.`;
    case 4:
      return `（${index}）`;
  }
}

/**
 * Labels for a flat, document-ordered list of headings.
 *
 * One counter per level. A heading increments its own level's counter and resets
 * every deeper counter, so numbering restarts under each new parent. Skipped
 * levels are allowed: a level-3 directly under a level-1 (no level-2 between)
 * still starts at "1.", because the level-1 heading reset the level-3 counter.
 */
export function numberHeadings(headings: readonly { level: unknown }[]): string[] {
  const counters = [0, 0, 0, 0];
  return headings.map(({ level }) => {
    const l = normalizeLevel(level);
    const next = (counters[l - 1] ?? 0) + 1;
    counters[l - 1] = next;
    for (let deeper = l; deeper < counters.length; deeper++) counters[deeper] = 0;
    return sectionLabel(l, next);
  });
}
