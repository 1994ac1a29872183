/**
 * SectionHeading: the `sid` attribute on StarterKit's `heading` node, plus the
 * Chinese-numbering input rules.
 *
 * Why a global attribute instead of `Heading.extend(...)`: the Heading node
 * class lives in @tiptap/extension-heading, which is only a transitive
 * dependency here (via @tiptap/starter-kit). Adding the attribute through
 * `addGlobalAttributes` extends StarterKit's own heading — same node name
 * `heading`, same schema, `{type:"heading", attrs:{level, sid}}` JSON loads —
 * without importing an undeclared package. Levels are limited to 1–4 by
 * `createEditorExtensions` (StarterKit `heading: { levels: [1, 2, 3, 4] }`).
 */
import { Extension, InputRule } from "@tiptap/core";
import type { SectionLevel } from "@/lib/sections/numbering";

const CN_NUM = "[一二三四五六七八九十百千万零〇两]+";
const AR_NUM = "[0-9０-９]+";

/**
 * Markers typed at the start of an empty block. Brackets may be half- or
 * full-width independently ("(一）" is a common IME slip), digits may be
 * full-width, and "1、" is accepted alongside "1." / "1．".
 */
export const SECTION_MARKERS: readonly { level: SectionLevel; find: RegExp }[] = [
  { level: 1, find: new RegExp(`^${CN_NUM}、$`) },
  { level: 2, find: new RegExp(`^[（(]${CN_NUM}[）)]$`) },
  { level: 3, find: new RegExp(`^${AR_NUM}[.．、]$`) },
  { level: 4, find: new RegExp(`^[（(]${AR_NUM}[）)]$`) },
];

/** Level a typed marker stands for, or null. Pure; exported for tests/paste tools. */
export function matchSectionMarker(text: string): SectionLevel | null {
  return SECTION_MARKERS.find((m) => m.find.test(text))?.level ?? null;
}

function sectionMarkerRule(level: SectionLevel, find: RegExp): InputRule {
  return new InputRule({
    find,
    handler: ({ state, range }) => {
      const $from = state.doc.resolve(range.from);
      const $to = state.doc.resolve(range.to);
      const block = $from.parent;
      // Only a top-level paragraph/heading whose entire content is the marker:
      // sections are top-level headings, and "1." in the middle of a sentence
      // or in front of existing text must stay text.
      if ($from.depth !== 1 || $from.parentOffset !== 0) return null;
      if (block.type.name !== "paragraph" && block.type.name !== "heading") return null;
      if (!$to.sameParent($from) || $to.parentOffset !== block.content.size) return null;
      const heading = state.schema.nodes["heading"];
      if (!heading) return null;
      // Re-levelling an existing heading keeps its identity; a paragraph gets
      // sid null and SectionIds assigns a fresh one in the same dispatch.
      const sid: unknown = block.type === heading ? block.attrs["sid"] : null;
      state.tr.delete(range.from, range.to).setNodeMarkup($from.before(), heading, { level, sid });
    },
  });
}

export const SectionHeading = Extension.create({
  name: "sectionHeading",

  addGlobalAttributes() {
    return [
      {
        types: ["heading"],
        attributes: {
          sid: {
            default: null,
            // A split-off heading must not inherit the id; SectionIds would fix
            // it anyway, this just avoids the transient duplicate.
            keepOnSplit: false,
            parseHTML: (element) => element.getAttribute("data-sid") || null,
            renderHTML: (attributes) => (attributes["sid"] ? { "data-sid": String(attributes["sid"]) } : {}),
          },
        },
      },
    ];
  },

  addInputRules() {
    return SECTION_MARKERS.map(({ level, find }) => sectionMarkerRule(level, find));
  },
});
