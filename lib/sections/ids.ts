/**
 * Section id (sid) generation and the deterministic duplicate rule shared by the
 * editor plugin (lib/editor/section-ids.ts) and server-side imports.
 *
 * Rule: for each sid, ONE occurrence keeps it — by default the first in document
 * order — and every other occurrence, plus every heading with a missing/empty
 * sid, gets a fresh random id. "First in document order" is what makes repairs
 * converge across collaborators: after a Yjs merge every replica has the same
 * order, so every replica renames the same elements (see section-ids.ts).
 */
import type { PMJSONNode } from "./outline";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
export const SECTION_ID_LENGTH = 10;

/**
 * 10 chars of base36 from crypto.getRandomValues (~51.7 bits). Random rather
 * than derived so two clients repairing the same conflict never mint the same
 * id for different headings. `% 36` on a byte has a tiny bias (256 = 7·36+4),
 * irrelevant for collision-avoidance ids.
 */
export function newSectionId(): string {
  const bytes = new Uint8Array(SECTION_ID_LENGTH);
  globalThis.crypto.getRandomValues(bytes);
  let out = "";
  for (const b of bytes) out += ALPHABET.charAt(b % ALPHABET.length);
  return out;
}

/** Fresh id not present in `taken`; adds it to `taken`. */
export function freshSectionId(taken: Set<string>, generate: () => string = newSectionId): string {
  let id = generate();
  while (taken.has(id) || id === "") id = generate();
  taken.add(id);
  return id;
}

/**
 * Given heading sids in document order, return the indices that need a new id.
 * `preferKeeper(sid, indices)` may pick which duplicate keeps the sid (used for
 * local edits where we know which node is the original); returning undefined
 * or an index not in `indices` falls back to the first occurrence.
 */
export function findSidConflicts(
  sids: readonly (string | null | undefined)[],
  preferKeeper?: (sid: string, indices: number[]) => number | undefined,
): number[] {
  const bySid = new Map<string, number[]>();
  const needsId: number[] = [];
  sids.forEach((sid, i) => {
    if (typeof sid !== "string" || sid === "") needsId.push(i);
    else {
      const list = bySid.get(sid);
      if (list) list.push(i);
      else bySid.set(sid, [i]);
    }
  });
  for (const [sid, indices] of bySid) {
    if (indices.length < 2) continue;
    const preferred = preferKeeper?.(sid, indices);
    const keeper = preferred !== undefined && indices.includes(preferred) ? preferred : indices[0];
    needsId.push(...indices.filter((i) => i !== keeper));
  }
  return needsId.sort((a, b) => a - b);
}

/**
 * Returns a copy of `doc` where every heading (at any depth) has a unique,
 * non-empty sid, and `sid` is stripped from non-heading nodes. For imports
 * (docx → JSON) and server-side validation; the editor does the same live.
 */
export function ensureSectionIds(doc: PMJSONNode, generate: () => string = newSectionId): PMJSONNode {
  const headings: PMJSONNode[] = [];
  const copy = (node: PMJSONNode): PMJSONNode => {
    const out: PMJSONNode = { ...node };
    if (node.attrs) {
      out.attrs = { ...node.attrs };
      if (node.type !== "heading") delete out.attrs["sid"];
    }
    if (node.content) out.content = node.content.map(copy);
    if (node.type === "heading") headings.push(out);
    return out;
  };
  const result = copy(doc);
  // A heading's content is inline*, so no heading contains another: the push
  // order in `copy` is document order.
  const sids = headings.map((h) => {
    const sid = h.attrs?.["sid"];
    return typeof sid === "string" ? sid : null;
  });
  const taken = new Set(sids.filter((s): s is string => !!s));
  for (const i of findSidConflicts(sids)) {
    const h = headings[i]!;
    h.attrs = { ...h.attrs, sid: freshSectionId(taken, generate) };
  }
  return result;
}
