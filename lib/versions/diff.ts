/**
 * Diff between two versions by section (sid): added, removed, moved, changed, unchanged —
 * and inside a changed section, the character diff of lib/versions/chars.ts.
 *
 * - changed: the section's hash differs (its heading or own body changed; a heading's level
 *   is part of it). A changed section that also moved carries `moved: true`.
 * - moved: same hash, but its place among the sections both versions share changed. The
 *   sections that stay are the longest common subsequence of the shared sids (Myers again),
 *   so inserting a section before others does not make them all "moved" — their labels may
 *   renumber (fromLabel), that is all.
 * - The result follows the new version's order; a removed section is listed after the
 *   section that preceded it in the old version.
 */
import { charDiff, myers, type CharOp } from "./chars";
import { sectionsFromHashes, type SectionHashes, type SectionWithText, type VersionSection } from "./sections";

export type SectionStatus = "added" | "removed" | "moved" | "changed" | "unchanged";

export interface SectionDiff {
  sid: string;
  status: SectionStatus;
  /** The section's label and title in the new version (the old one for a removed section). */
  label: string;
  title: string;
  level: number;
  /** In the old version, when the section is in both. */
  fromLabel?: string;
  fromTitle?: string;
  /** A changed section whose place also changed. */
  moved?: true;
  /** Changed sections, when the texts were given: the character diff of heading + body. */
  chars?: CharOp[];
  /** false when the character diff hit a limit and shows the whole section replaced. */
  exact?: boolean;
}

/** sids shared by both lists that keep their relative order (the rest of the shared ones moved). */
function stayingSids(from: readonly VersionSection[], to: readonly VersionSection[]): Set<string> {
  const inTo = new Set(to.map((s) => s.sid));
  const inFrom = new Set(from.map((s) => s.sid));
  const a = from.filter((s) => inTo.has(s.sid)).map((s) => s.sid);
  const b = to.filter((s) => inFrom.has(s.sid)).map((s) => s.sid);
  const ids = new Map(a.map((sid, i) => [sid, i]));
  const edits = myers(Int32Array.from(a, (s) => ids.get(s)!), Int32Array.from(b, (s) => ids.get(s)!), 2_000);
  const staying = new Set<string>();
  if (!edits) {
    // Thousands of moves: fall back to "same position among the shared ones".
    a.forEach((sid, i) => b[i] === sid && staying.add(sid));
    return staying;
  }
  let i = 0;
  for (const e of edits) {
    if (e === "eq") staying.add(a[i]!);
    if (e !== "ins") i++;
  }
  return staying;
}

function diffCore<S extends VersionSection>(from: readonly S[], to: readonly S[], detail: (f: S, t: S) => Partial<SectionDiff>): SectionDiff[] {
  const fromBySid = new Map(from.map((s) => [s.sid, s]));
  const toSids = new Set(to.map((s) => s.sid));
  const staying = stayingSids(from, to);

  // Removed sections, keyed by the nearest earlier old section that is still there ("" = start).
  const removedAfter = new Map<string, SectionDiff[]>();
  let anchor = "";
  for (const f of from) {
    if (toSids.has(f.sid)) {
      anchor = f.sid;
      continue;
    }
    const list = removedAfter.get(anchor) ?? [];
    list.push({ sid: f.sid, status: "removed", label: f.label, title: f.title, level: f.level });
    removedAfter.set(anchor, list);
  }

  const out: SectionDiff[] = [...(removedAfter.get("") ?? [])];
  for (const t of to) {
    const f = fromBySid.get(t.sid);
    if (!f) out.push({ sid: t.sid, status: "added", label: t.label, title: t.title, level: t.level });
    else {
      const base = { sid: t.sid, label: t.label, title: t.title, level: t.level, fromLabel: f.label, fromTitle: f.title };
      const moved = !staying.has(t.sid);
      if (f.hash !== t.hash) out.push({ ...base, status: "changed", ...(moved ? { moved: true as const } : {}), ...detail(f, t) });
      else out.push({ ...base, status: moved ? "moved" : "unchanged" });
    }
    out.push(...(removedAfter.get(t.sid) ?? []));
  }
  return out;
}

/**
 * Bounds one diff request as a whole: character diffs run on changed sections until their texts
 * add up to `totalChars`; later changed sections show as whole replacements (exact: false).
 * With CHAR_DIFF_LIMITS per section this keeps a diff of any two versions well under a second.
 */
export const DIFF_LIMITS = { totalChars: 60_000 } as const;

/** The section diff with character diffs inside changed sections. */
export function diffVersions(from: readonly SectionWithText[], to: readonly SectionWithText[], limits: { totalChars?: number } = {}): SectionDiff[] {
  let budget = limits.totalChars ?? DIFF_LIMITS.totalChars;
  return diffCore(from, to, (f, t) => {
    const size = f.text.length + t.text.length;
    const d = size <= budget ? charDiff(f.text, t.text) : charDiff(f.text, t.text, { maxGraphemes: 0 });
    budget = Math.max(0, budget - size);
    return { chars: d.ops, exact: d.exact };
  });
}

/** The section diff from stored section hashes alone (what changed since a signature). */
export function diffSectionHashes(from: SectionHashes, to: SectionHashes): SectionDiff[] {
  return diffCore(sectionsFromHashes(from), sectionsFromHashes(to), () => ({}));
}
