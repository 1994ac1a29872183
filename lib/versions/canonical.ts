/**
 * The canonical form of a version's content and the version hash. Pure: runs on the server
 * (freeze, verify) and in the browser (showing what was signed) alike.
 *
 * Canonical content: the ProseMirror JSON with adjacent text nodes of equal marks merged,
 * empty text nodes dropped, null / empty attributes dropped and object keys sorted
 * (lib/sections/hash.ts `canonicalJson`). The same document reached by different paths —
 * editor.getJSON(), a Yjs round trip, an import — has one canonical form, so one hash.
 *
 * Version hash: SHA-256 (hex) of the canonical JSON of
 *   { format: "xieshen-version/1", draftId, number, title, content }.
 * The draft and the number are inside, so the hash names exactly one version anywhere
 * (/verify/<hash>), and a signature on v1 can never be read as one on v2 of equal text.
 */
import { canonicalJson, sha256Hex } from "@/lib/sections/hash";
import type { PMJSONNode } from "@/lib/sections/outline";

export const VERSION_HASH_FORMAT = "xieshen-version/1";

function sameMarks(a: PMJSONNode, b: PMJSONNode): boolean {
  return canonicalJson(a.marks ?? []) === canonicalJson(b.marks ?? []);
}

function mergeRuns(node: PMJSONNode): PMJSONNode {
  if (!node.content) return node;
  const merged: PMJSONNode[] = [];
  for (const child of node.content.map(mergeRuns)) {
    if (typeof child.text === "string" && child.text === "") continue;
    const last = merged[merged.length - 1];
    if (last && typeof last.text === "string" && typeof child.text === "string" && sameMarks(last, child)) {
      merged[merged.length - 1] = { ...last, text: last.text + child.text };
    } else merged.push(child);
  }
  return { ...node, content: merged };
}

/** The canonical JSON object of a document (a fresh value; the input is not changed). */
export function canonicalContent(doc: PMJSONNode): PMJSONNode {
  return JSON.parse(canonicalJson(mergeRuns(doc))) as PMJSONNode;
}

export interface VersionHashInput {
  draftId: string;
  number: number;
  title: string;
  content: PMJSONNode;
}

/** The string the version hash is taken of (also what a third party would recompute). */
export function versionHashPayload(v: VersionHashInput): string {
  return canonicalJson({ format: VERSION_HASH_FORMAT, draftId: v.draftId, number: v.number, title: v.title, content: canonicalContent(v.content) });
}

export function versionHash(v: VersionHashInput): string {
  return sha256Hex(versionHashPayload(v));
}

/** A version hash as clients send it: 64 lowercase hex digits. */
export const VERSION_HASH_RE = /^[0-9a-f]{64}$/;
