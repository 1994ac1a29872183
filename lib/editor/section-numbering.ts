/**
 * SectionNumbering: shows 一、 / （一） / 1. / （1） in front of each top-level
 * heading as a decoration. Labels are never part of the document, so they
 * cannot be edited, copied into the text, or conflict between collaborators;
 * moving a section renumbers everything on the next render.
 *
 * Each heading gets
 *   - a widget `<span class="section-label" contenteditable="false">一、</span>`
 *     at the start of its content (side -1: the caret sits after the label), and
 *   - a node attribute `data-section-label="一、"` (for CSS / outline / e2e).
 */
import { Extension } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet, type EditorView } from "@tiptap/pm/view";
import { numberHeadings } from "@/lib/sections/numbering";
import { topLevelSections } from "./blocks";

export interface SectionLabelSpec {
  sectionLabel: string;
  sid: string;
  /** Widget identity: same label → PM reuses the DOM node instead of redrawing. */
  key: string;
}

function labelElement(view: EditorView, label: string): HTMLElement {
  const span = view.dom.ownerDocument.createElement("span");
  span.className = "section-label";
  span.contentEditable = "false";
  span.textContent = label;
  return span;
}

/** The labels, in document order, for a doc (top-level headings only). */
export function sectionLabelsOf(doc: PMNode): { sid: string; pos: number; label: string }[] {
  const { ranges, offsets } = topLevelSections(doc);
  const labels = numberHeadings(ranges);
  return ranges.map((r, i) => ({ sid: r.sid, pos: offsets[r.start] ?? 0, label: labels[i] ?? "" }));
}

export function sectionNumberingDecorations(doc: PMNode): DecorationSet {
  const decorations: Decoration[] = [];
  for (const { sid, pos, label } of sectionLabelsOf(doc)) {
    const node = doc.nodeAt(pos);
    if (!node) continue;
    const spec: SectionLabelSpec = { sectionLabel: label, sid, key: `section-label:${label}` };
    decorations.push(Decoration.node(pos, pos + node.nodeSize, { "data-section-label": label }, spec));
    decorations.push(
      Decoration.widget(pos + 1, (view) => labelElement(view, label), {
        ...spec,
        side: -1,
        ignoreSelection: true,
      }),
    );
  }
  return DecorationSet.create(doc, decorations);
}

export const sectionNumberingKey = new PluginKey<DecorationSet>("sectionNumbering");

export function sectionNumberingPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: sectionNumberingKey,
    state: {
      init: (_config, state) => sectionNumberingDecorations(state.doc),
      // Full recompute on doc change: one pass over top-level blocks, cheaper
      // and simpler than proving which labels a change can affect (inserting a
      // heading renumbers every following sibling anyway).
      apply: (tr, set) => (tr.docChanged ? sectionNumberingDecorations(tr.doc) : set),
    },
    props: {
      decorations: (state) => sectionNumberingKey.getState(state),
    },
  });
}

export const SectionNumbering = Extension.create({
  name: "sectionNumbering",
  addProseMirrorPlugins() {
    return [sectionNumberingPlugin()];
  },
});
