import type { CharOp } from "@/lib/versions/chars";

// Pure helpers of the diff view (diff-view.tsx), unit-tested in diff-ops.test.ts.

/**
 * The character diff covers heading and body; the heading is shown above it, so an unchanged
 * first line (the heading's text) is left out of the diff.
 */
export function withoutUnchangedHeading(ops: CharOp[]): CharOp[] {
  const first = ops[0];
  if (!first || first.op !== "eq") return ops;
  const nl = first.text.indexOf("\n");
  if (nl < 0) return ops;
  const rest = first.text.slice(nl + 1);
  return rest ? [{ ...first, text: rest }, ...ops.slice(1)] : ops.slice(1);
}

/** Unchanged text inside a changed section longer than this on each side of an edit is shortened. */
export const KEEP_CONTEXT = 60;

export type ShownOp = CharOp | { op: "gap"; head: string; omitted: number; tail: string };

/**
 * Long unchanged stretches between edits keep KEEP_CONTEXT characters on the side(s) that touch
 * an edit, and say how many were left out; the first stretch keeps only its end, the last only
 * its start. Short stretches stay whole. Counts code points (a CJK character is one).
 */
export function shortenUnchanged(ops: readonly CharOp[], keep = KEEP_CONTEXT): ShownOp[] {
  return ops.map((op, i): ShownOp => {
    if (op.op !== "eq") return op;
    const chars = Array.from(op.text);
    const first = i === 0;
    const last = i === ops.length - 1;
    const kept = (first ? 0 : keep) + (last ? 0 : keep);
    if (chars.length <= kept + 20) return op;
    const head = first ? "" : chars.slice(0, keep).join("");
    const tail = last ? "" : chars.slice(-keep).join("");
    return { op: "gap", head, omitted: chars.length - (first ? 0 : keep) - (last ? 0 : keep), tail };
  });
}
