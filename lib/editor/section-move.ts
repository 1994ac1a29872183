/**
 * Section move commands. A section moves with its whole subtree (heading, own
 * body, subsections). Everything happens in ONE transaction: one undo step,
 * one y-tiptap write-back, i.e. one Yjs update. Numbering needs no work — the
 * labels are decorations recomputed from the new order.
 *
 * Known Yjs limitation: y-tiptap has no "move"; the binding diffs the new doc
 * against the Y fragment and rewrites/re-creates the moved elements. An edit a
 * collaborator makes inside the moved blocks at the same instant can be lost
 * (the same happens for any drag-and-drop of blocks with y-prosemirror).
 */
import { Extension } from "@tiptap/core";
import { TextSelection, type Transaction } from "@tiptap/pm/state";
import { planSectionMove, type MoveTarget } from "@/lib/sections/outline";
import { positionOfBlock, topLevelSections } from "./blocks";

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    sectionMove: {
      /** Swap the section with its previous same-level sibling. */
      moveSectionUp: (sid: string) => ReturnType;
      /** Swap the section with its next same-level sibling. */
      moveSectionDown: (sid: string) => ReturnType;
      /** Move before the section `beforeSid`, or to the document end for null. */
      moveSectionTo: (sid: string, beforeSid: string | null) => ReturnType;
    };
  }
}

/**
 * Adds the move to `tr`. Returns false if impossible (unknown sid, no sibling,
 * target inside the moved subtree); true — without steps — if the section is
 * already where it was asked to go.
 */
export function moveSection(tr: Transaction, sid: string, target: MoveTarget): boolean {
  const doc = tr.doc;
  const { blocks, offsets, ranges } = topLevelSections(doc);
  const plan = planSectionMove(ranges, sid, target, blocks.length);
  if (!plan) return false;
  if (plan.insertBefore === plan.start || plan.insertBefore === plan.end) return true;

  const from = positionOfBlock(doc, offsets, plan.start);
  const to = positionOfBlock(doc, offsets, plan.end);
  const at = positionOfBlock(doc, offsets, plan.insertBefore);
  const content = doc.slice(from, to).content;
  // Keep the caret inside the moved section if it was there (the user is
  // usually clicking "move up" while working in that section).
  const { from: selFrom, to: selTo } = tr.selection;
  const selectionInside = selFrom >= from && selTo <= to;

  tr.delete(from, to);
  const insertAt = tr.mapping.map(at); // `at` is outside [from, to], so this is exact
  tr.insert(insertAt, content);
  if (selectionInside) {
    const shift = insertAt - from;
    tr.setSelection(TextSelection.between(tr.doc.resolve(selFrom + shift), tr.doc.resolve(selTo + shift)));
  }
  tr.scrollIntoView();
  return true;
}

/** Dry run for `editor.can()`: never touches a transaction. */
export function canMoveSection(doc: Transaction["doc"], sid: string, target: MoveTarget): boolean {
  const { blocks, ranges } = topLevelSections(doc);
  return planSectionMove(ranges, sid, target, blocks.length) !== null;
}

// `can()` calls commands without `dispatch`; they must not add steps then.
const moveCommand =
  (sid: string, target: MoveTarget) =>
  ({ tr, dispatch }: { tr: Transaction; dispatch: unknown }) =>
    dispatch ? moveSection(tr, sid, target) : canMoveSection(tr.doc, sid, target);

export const SectionMove = Extension.create({
  name: "sectionMove",
  addCommands() {
    return {
      moveSectionUp: (sid) => moveCommand(sid, "up"),
      moveSectionDown: (sid) => moveCommand(sid, "down"),
      moveSectionTo: (sid, beforeSid) => moveCommand(sid, { beforeSid }),
    };
  },
});
