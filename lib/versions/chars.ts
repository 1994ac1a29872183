/**
 * Character-level diff inside a changed section, made to read well for Chinese.
 *
 * 1. Split both texts into grapheme clusters (Intl.Segmenter), so a character is what a
 *    reader sees as one (emoji with modifiers, combining marks, surrogate pairs stay whole).
 * 2. Myers' O(ND) shortest edit script over the clusters, after trimming the common prefix
 *    and suffix. Chinese has no spaces to diff by words, so the unit is the character.
 * 3. Clean-up for reading: a change is shown as one deletion then one insertion, and a short
 *    run of equal characters between two changes — shorter than the changes on both sides,
 *    or a single character — is folded into them. Coincidental matches (a shared 的, 并, 工作
 *    inside a rewritten clause) would otherwise chop the rewrite into unreadable fragments;
 *    folded, it reads as "this phrase became that phrase".
 *
 * Limits: texts longer than CHAR_DIFF_LIMITS.maxGraphemes, or needing more than
 * CHAR_DIFF_LIMITS.maxEdits edits, are not diffed character by character: the result is the
 * whole old text deleted and the whole new text inserted, with `exact: false`. Time is
 * O((N+M)·D) and memory O(D²) with D ≤ maxEdits, so a section of any size costs bounded work.
 */

export type CharOpKind = "eq" | "ins" | "del";
export interface CharOp {
  op: CharOpKind;
  text: string;
}

export interface CharDiff {
  ops: CharOp[];
  /** false when a limit was reached and the result is the whole-section replacement. */
  exact: boolean;
}

export const CHAR_DIFF_LIMITS = { maxGraphemes: 10_000, maxEdits: 1_500 } as const;

let segmenter: Intl.Segmenter | null | undefined;

/** Grapheme clusters of `s` (code points where Intl.Segmenter is missing). */
export function graphemes(s: string): string[] {
  if (segmenter === undefined) segmenter = typeof Intl !== "undefined" && "Segmenter" in Intl ? new Intl.Segmenter("zh", { granularity: "grapheme" }) : null;
  if (!segmenter) return Array.from(s);
  const out: string[] = [];
  for (const { segment } of segmenter.segment(s)) out.push(segment);
  return out;
}

type Edit = "eq" | "ins" | "del";

/**
 * Myers' shortest edit script between two integer sequences, as one Edit per step (eq: one
 * element of both; del: one of a; ins: one of b). null when more than maxD edits are needed.
 */
export function myers(a: Int32Array, b: Int32Array, maxD: number): Edit[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxD);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  outer: for (let d = 0; d <= max; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        trace.push(v.slice(offset - d, offset + d + 1));
        found = d;
        break outer;
      }
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  if (found < 0) return null;
  const edits: Edit[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d - 1]!; // index k + (d - 1)
    const at = (k: number) => prev[k + d - 1]!;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    const startX = down ? prevX : prevX + 1;
    for (let i = x; i > startX; i--) edits.push("eq");
    edits.push(down ? "ins" : "del");
    x = prevX;
    y = prevY;
  }
  for (let i = x; i > 0; i--) edits.push("eq");
  return edits.reverse();
}

/** An equal run, or a change: what was deleted and what was inserted there (graphemes, in pieces). */
type Item = { eq: string[] } | { del: string[][]; ins: string[][]; delLen: number; insLen: number };

const isChange = (i: Item | undefined): i is Extract<Item, { del: string[][] }> => !!i && "del" in i;

/**
 * Groups the edit script into equal runs and changes, folding a short equal run between two
 * changes into them: one pass with a stack, backing up after each fold (the grown change may
 * make the equal run before it foldable too). Each fold removes two items: O(n) folds in all.
 */
function foldedItems(edits: Edit[], a: string[], b: string[], pre: number, suf: number, total: string[]): Item[] {
  const stack: Item[] = [];
  const foldable = (eqLen: number, left: Extract<Item, { del: string[][] }>, right: Extract<Item, { del: string[][] }>) =>
    eqLen <= 1 || (eqLen <= Math.max(left.delLen, left.insLen) && eqLen <= Math.max(right.delLen, right.insLen));
  const pushChange = (c: Extract<Item, { del: string[][] }>) => {
    let cur = c;
    for (;;) {
      const eq = stack[stack.length - 1];
      const left = stack[stack.length - 2];
      if (!eq || isChange(eq) || !isChange(left) || !foldable(eq.eq.length, left, cur)) break;
      stack.length -= 2;
      left.del.push(eq.eq, ...cur.del);
      left.ins.push(eq.eq, ...cur.ins);
      left.delLen += eq.eq.length + cur.delLen;
      left.insLen += eq.eq.length + cur.insLen;
      cur = left;
    }
    stack.push(cur);
  };
  if (pre) stack.push({ eq: total.slice(0, pre) });
  let i = 0;
  let j = 0;
  let k = 0;
  while (k < edits.length) {
    if (edits[k] === "eq") {
      const from = i;
      while (k < edits.length && edits[k] === "eq") {
        k++;
        i++;
        j++;
      }
      stack.push({ eq: a.slice(from, i) });
      continue;
    }
    const fromA = i;
    const fromB = j;
    while (k < edits.length && edits[k] !== "eq") {
      if (edits[k] === "del") i++;
      else j++;
      k++;
    }
    pushChange({ del: [a.slice(fromA, i)], ins: [b.slice(fromB, j)], delLen: i - fromA, insLen: j - fromB });
  }
  if (suf) stack.push({ eq: total.slice(total.length - suf) });
  return stack;
}

function toOps(items: Item[]): CharOp[] {
  const ops: CharOp[] = [];
  const join = (pieces: string[][]) => pieces.map((p) => p.join("")).join("");
  for (const it of items) {
    if (!isChange(it)) {
      const last = ops[ops.length - 1];
      if (last?.op === "eq") last.text += it.eq.join("");
      else if (it.eq.length) ops.push({ op: "eq", text: it.eq.join("") });
      continue;
    }
    if (it.delLen) ops.push({ op: "del", text: join(it.del) });
    if (it.insLen) ops.push({ op: "ins", text: join(it.ins) });
  }
  return ops;
}

function wholeReplace(a: string, b: string): CharDiff {
  const ops: CharOp[] = [];
  if (a) ops.push({ op: "del", text: a });
  if (b) ops.push({ op: "ins", text: b });
  return { ops, exact: false };
}

export function charDiff(a: string, b: string, limits: { maxGraphemes?: number; maxEdits?: number } = {}): CharDiff {
  const maxGraphemes = limits.maxGraphemes ?? CHAR_DIFF_LIMITS.maxGraphemes;
  const maxEdits = limits.maxEdits ?? CHAR_DIFF_LIMITS.maxEdits;
  if (a === b) return { ops: a ? [{ op: "eq", text: a }] : [], exact: true };
  // Code units bound graphemes from above: a cheap refusal before segmenting a huge text.
  if (a.length > maxGraphemes * 8 || b.length > maxGraphemes * 8) return wholeReplace(a, b);
  const ga = graphemes(a);
  const gb = graphemes(b);
  if (ga.length > maxGraphemes || gb.length > maxGraphemes) return wholeReplace(a, b);

  let pre = 0;
  while (pre < ga.length && pre < gb.length && ga[pre] === gb[pre]) pre++;
  let suf = 0;
  while (suf < ga.length - pre && suf < gb.length - pre && ga[ga.length - 1 - suf] === gb[gb.length - 1 - suf]) suf++;
  const midA = ga.slice(pre, ga.length - suf);
  const midB = gb.slice(pre, gb.length - suf);

  const ids = new Map<string, number>();
  const intern = (g: string[]) => Int32Array.from(g, (s) => ids.get(s) ?? (ids.set(s, ids.size), ids.size - 1));
  const edits = myers(intern(midA), intern(midB), maxEdits);
  if (!edits) return wholeReplace(a, b);

  return { ops: toOps(foldedItems(edits, midA, midB, pre, suf, ga)), exact: true };
}

/** The old text (eq + del) and the new text (eq + ins) of a diff: what tests and readers check. */
export function sidesOf(ops: readonly CharOp[]): { from: string; to: string } {
  let from = "";
  let to = "";
  for (const o of ops) {
    if (o.op !== "ins") from += o.text;
    if (o.op !== "del") to += o.text;
  }
  return { from, to };
}
