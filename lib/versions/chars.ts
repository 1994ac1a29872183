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

export const CHAR_DIFF_LIMITS = { maxGraphemes: 20_000, maxEdits: 1_500 } as const;

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

interface Run {
  op: CharOpKind;
  g: string[];
}

/** Adjacent runs of one kind joined; each change block as one deletion then one insertion. */
function normalize(runs: Run[]): Run[] {
  const out: Run[] = [];
  let del: string[] = [];
  let ins: string[] = [];
  const flush = () => {
    if (del.length) out.push({ op: "del", g: del });
    if (ins.length) out.push({ op: "ins", g: ins });
    del = [];
    ins = [];
  };
  for (const r of runs) {
    if (r.g.length === 0) continue;
    if (r.op === "del") del = del.concat(r.g);
    else if (r.op === "ins") ins = ins.concat(r.g);
    else {
      flush();
      const last = out[out.length - 1];
      if (last?.op === "eq") last.g = last.g.concat(r.g);
      else out.push({ op: "eq", g: r.g });
    }
  }
  flush();
  return out;
}

/** Size of the change block ending before index i (going left) or starting after it. */
function blockSize(runs: Run[], from: number, step: 1 | -1): number {
  let del = 0;
  let ins = 0;
  for (let j = from; j >= 0 && j < runs.length && runs[j]!.op !== "eq"; j += step) {
    if (runs[j]!.op === "del") del += runs[j]!.g.length;
    else ins += runs[j]!.g.length;
  }
  return Math.max(del, ins);
}

/** Folds short equal runs between two changes into them, until nothing changes. */
function foldShortEquals(input: Run[]): Run[] {
  let runs = normalize(input);
  let i = 1;
  while (i < runs.length - 1) {
    const r = runs[i]!;
    if (r.op === "eq") {
      const before = blockSize(runs, i - 1, -1);
      const after = blockSize(runs, i + 1, 1);
      const len = r.g.length;
      if (before > 0 && after > 0 && (len <= 1 || (len <= before && len <= after))) {
        runs = normalize([...runs.slice(0, i), { op: "del", g: r.g }, { op: "ins", g: r.g }, ...runs.slice(i + 1)]);
        // The change block grew: the equal run before it may fold now too.
        i = Math.max(1, i - 2);
        continue;
      }
    }
    i++;
  }
  return runs;
}

const toOps = (runs: Run[]): CharOp[] => runs.map((r) => ({ op: r.op, text: r.g.join("") }));

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

  const runs: Run[] = [{ op: "eq", g: ga.slice(0, pre) }];
  let i = 0;
  let j = 0;
  for (const e of edits) {
    if (e === "eq") {
      runs.push({ op: "eq", g: [midA[i++]!] });
      j++;
    } else if (e === "del") runs.push({ op: "del", g: [midA[i++]!] });
    else runs.push({ op: "ins", g: [midB[j++]!] });
  }
  runs.push({ op: "eq", g: ga.slice(ga.length - suf) });
  return { ops: toOps(foldShortEquals(runs)), exact: true };
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
