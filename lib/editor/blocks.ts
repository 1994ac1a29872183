/**
 * Bridge from a live ProseMirror doc to the pure section model in
 * lib/sections/outline.ts, so range/numbering logic exists exactly once.
 */
import type { Node as PMNode } from "@tiptap/pm/model";
import { normalizeLevel } from "@/lib/sections/numbering";
import { sectionRangesFromBlocks, type BlockInfo, type SectionRange } from "@/lib/sections/outline";

export interface TopLevelSections {
  blocks: BlockInfo[];
  /** Document position before each top-level block; same indices as `blocks`. */
  offsets: number[];
  ranges: SectionRange[];
}

export function blockInfoOfNode(node: PMNode): BlockInfo {
  if (node.type.name !== "heading") return { level: null, sid: null };
  const sid: unknown = node.attrs["sid"];
  return { level: normalizeLevel(node.attrs["level"]), sid: typeof sid === "string" && sid !== "" ? sid : null };
}

export function topLevelSections(doc: PMNode): TopLevelSections {
  const blocks: BlockInfo[] = [];
  const offsets: number[] = [];
  doc.forEach((node, offset) => {
    blocks.push(blockInfoOfNode(node));
    offsets.push(offset);
  });
  return { blocks, offsets, ranges: sectionRangesFromBlocks(blocks) };
}

/** Position before top-level block `index`; `blocks.length` maps to doc end. */
export function positionOfBlock(doc: PMNode, offsets: readonly number[], index: number): number {
  return offsets[index] ?? doc.content.size;
}
