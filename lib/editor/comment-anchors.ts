/**
 * Passage anchors for comment threads: Yjs relative positions, so a quoted passage keeps
 * pointing at the same words while others edit (issue #8, comments contract "Anchors").
 *
 * A thread stores `start` and `end` as base64 of `Y.encodeRelativePosition`. They are made
 * from ProseMirror positions through the y-tiptap binding's mapping and resolved back the
 * same way. Client-safe (no Buffer, no React).
 */
import type { EditorState } from "@tiptap/pm/state";
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { COMMENT_LIMITS } from "@/lib/comments/text";
import { stripControlChars } from "@/lib/schemas/text";

/** The mapping y-tiptap keeps between Yjs types and ProseMirror nodes. */
export type YMapping = Map<Y.AbstractType<unknown>, unknown>;

/** What anchors are computed against: the Y.Doc, its document fragment and the binding's mapping. */
export interface YBinding {
  ydoc: Y.Doc;
  fragment: Y.XmlFragment;
  mapping: YMapping;
}

/** The live binding of an editor with the Collaboration extension, or null (not bound yet). */
export function yBindingOf(state: EditorState): YBinding | null {
  const ys = ySyncPluginKey.getState(state) as
    | { doc?: Y.Doc; type?: Y.XmlFragment; binding?: { mapping?: YMapping } | null }
    | undefined;
  if (!ys?.doc || !ys.type || !ys.binding?.mapping) return null;
  return { ydoc: ys.doc, fragment: ys.type, mapping: ys.binding.mapping };
}

export function bytesToBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function base64ToBytes(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Decodes a stored anchor; null when it is not one (never throws). */
export function decodeAnchor(text: string): Y.RelativePosition | null {
  try {
    return Y.decodeRelativePosition(base64ToBytes(text));
  } catch {
    return null;
  }
}

/**
 * y-tiptap makes text positions that stick to the character BEFORE them. For the start of
 * a passage that would pull text typed right before the first quoted character into the
 * highlight; the start sticks to the first quoted character instead.
 */
function stickToNextCharacter(rel: Y.RelativePosition, ydoc: Y.Doc): Y.RelativePosition {
  const abs = Y.createAbsolutePositionFromRelativePosition(rel, ydoc);
  if (abs && abs.type instanceof Y.XmlText && abs.index < abs.type.length) {
    return Y.createRelativePositionFromTypeIndex(abs.type, abs.index, 0);
  }
  return rel;
}

/** Relative positions for the passage from..to, or null when the binding has not rendered yet. */
export function relativePassage(binding: YBinding, from: number, to: number): { start: Y.RelativePosition; end: Y.RelativePosition } | null {
  if (binding.mapping.size === 0 || from >= to) return null;
  const start = stickToNextCharacter(absolutePositionToRelativePosition(from, binding.fragment, binding.mapping as never), binding.ydoc);
  const end = absolutePositionToRelativePosition(to, binding.fragment, binding.mapping as never) as Y.RelativePosition;
  return { start, end };
}

/** The anchors of the passage from..to, base64 as stored, or null when the binding has not rendered yet. */
export function passageAnchors(binding: YBinding, from: number, to: number): { start: string; end: string } | null {
  const rel = relativePassage(binding, from, to);
  if (!rel) return null;
  const s = Y.encodeRelativePosition(rel.start);
  const e = Y.encodeRelativePosition(rel.end);
  if (s.length > COMMENT_LIMITS.maxAnchorBytes || e.length > COMMENT_LIMITS.maxAnchorBytes) return null;
  return { start: bytesToBase64(s), end: bytesToBase64(e) };
}

/** A ProseMirror position for an anchor, or null (its text is gone, or it is not in this document). */
export function resolveAnchor(binding: YBinding, rel: Y.RelativePosition, docSize: number): number | null {
  let pos: number | null;
  try {
    pos = relativePositionToAbsolutePosition(binding.ydoc, binding.fragment, rel, binding.mapping as never);
  } catch {
    return null;
  }
  if (pos === null || pos < 0 || pos > docSize) return null;
  return pos;
}

/**
 * Where a passage is now: { from, to }, or null when it was deleted — both ends resolve to
 * the same place (or nowhere), per the contract.
 */
export function resolvePassage(
  binding: YBinding,
  passage: { start: Y.RelativePosition; end: Y.RelativePosition },
  docSize: number,
): { from: number; to: number } | null {
  const from = resolveAnchor(binding, passage.start, docSize);
  const to = resolveAnchor(binding, passage.end, docSize);
  if (from === null || to === null || from >= to) return null;
  return { from, to };
}

/** The quote kept with a thread: the selected text on one line, at most COMMENT_LIMITS.maxQuote characters. */
export function passageQuote(state: EditorState, from: number, to: number): string {
  const text = stripControlChars(state.doc.textBetween(from, to, " ", " ")).replace(/\s+/g, " ").trim();
  const chars = Array.from(text);
  return chars.length <= COMMENT_LIMITS.maxQuote ? text : `${chars.slice(0, COMMENT_LIMITS.maxQuote - 1).join("")}…`;
}
