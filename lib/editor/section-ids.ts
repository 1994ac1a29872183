/**
 * SectionIds: every heading has a non-empty `sid`, unique in the document.
 *
 * Duplicates arise from splitting a heading (Enter mid-text copies attrs),
 * pasting a copy of an existing heading, undo/redo, or merging concurrent Yjs
 * updates. Missing ids arise from new headings (input rule, toolbar) and
 * imports. Two paths, both using the rule in lib/sections/ids.ts:
 *
 * 1. LOCAL transactions → appendTransaction. The repair lands in the same
 *    dispatch, so it is part of the same undo step (prosemirror-history groups
 *    appended transactions; y-undo captures the single Yjs write the binding
 *    makes after the dispatch) and the broadcast Yjs update never contains the
 *    duplicate — no other replica has anything to decide. Because we know the
 *    pre-transaction doc, the ORIGINAL heading keeps its sid (paste before the
 *    original, Enter at a heading start) instead of blindly the first one.
 *
 * 2. Yjs-origin transactions (remote updates, initial render, y-undo) → a
 *    deferred repair (microtask) from the plugin view, NOT appendTransaction.
 *    y-tiptap applies remote changes inside its binding mutex; a transaction
 *    appended there is applied to ProseMirror but the binding's write-back to
 *    Yjs is skipped by the mutex, so the fix would exist only locally and be
 *    reverted by the next remote render. Dispatched after the mutex is
 *    released, it is written to Yjs normally (with addToHistory=false so the
 *    user's undo stack never contains someone else's repair).
 *
 * Convergence of path 2: every replica applies the same deterministic rule —
 * first occurrence in document order keeps the sid — to the merged document,
 * whose order Yjs guarantees is identical everywhere. So all replicas rename
 * the SAME Y.XmlElements. They pick different random ids, but those are
 * concurrent writes to one attribute key of one element, which Yjs resolves
 * identically on every replica (deterministic by client id). After that there
 * is no duplicate, and a repair never creates one (fresh ids are re-rolled
 * against ids in the doc), so the process stops.
 *
 * Bounded churn that remains: (a) up to one redundant attribute write per
 * replica per conflicting heading; (b) a replica repairing on a PARTIALLY
 * merged state, or a concurrent section move (which y-tiptap writes as
 * delete+insert of elements), can make replicas rename different occurrences,
 * so both copies get fresh ids and the original sid disappears. The result is
 * still unique and convergent; consumers anchored on that sid (comments,
 * review state) must fall back to title/contentHash matching. Outside that
 * case the surviving original always keeps its sid.
 */
import { Extension } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { Plugin, PluginKey, type EditorState, type Transaction } from "@tiptap/pm/state";
import type { EditorView } from "@tiptap/pm/view";
import { Mapping } from "@tiptap/pm/transform";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { findSidConflicts, freshSectionId } from "@/lib/sections/ids";

export interface HeadingRef {
  pos: number;
  node: PMNode;
  sid: string | null;
}

/** All headings at any depth (nested ones get ids too; only top-level ones number). */
export function collectHeadings(doc: PMNode): HeadingRef[] {
  const out: HeadingRef[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name === "heading") {
      const sid: unknown = node.attrs["sid"];
      out.push({ pos, node, sid: typeof sid === "string" && sid !== "" ? sid : null });
      return false;
    }
    return !node.isTextblock; // never walk inline content
  });
  return out;
}

/** Picks which of several same-sid headings keeps the sid; undefined → first. */
export type KeeperPreference = (sid: string, candidates: readonly HeadingRef[]) => HeadingRef | undefined;

/** Adds the needed `sid` attribute steps to `tr` (positions are unaffected). */
export function repairSectionIds(tr: Transaction, prefer?: KeeperPreference): boolean {
  const headings = collectHeadings(tr.doc);
  const conflicts = findSidConflicts(
    headings.map((h) => h.sid),
    prefer &&
      ((sid, indices) => {
        const picked = prefer(sid, indices.map((i) => headings[i]!));
        return picked ? headings.indexOf(picked) : undefined;
      }),
  );
  if (conflicts.length === 0) return false;
  const taken = new Set(headings.flatMap((h) => (h.sid ? [h.sid] : [])));
  for (const i of conflicts) tr.setNodeAttribute(headings[i]!.pos, "sid", freshSectionId(taken));
  return true;
}

/**
 * Document-order repair of `state` (path 2). Exported so a headless caller
 * (tests, server-side editor) can run what the plugin view would run.
 */
export function sectionIdRepairTransaction(state: EditorState): Transaction | null {
  const tr = state.tr;
  if (!repairSectionIds(tr)) return null;
  return tr.setMeta(sectionIdsKey, "repair").setMeta("addToHistory", false);
}

export function isYjsOriginTransaction(tr: Transaction): boolean {
  const meta: unknown = tr.getMeta(ySyncPluginKey);
  return typeof meta === "object" && meta !== null && (meta as { isChangeOrigin?: unknown }).isChangeOrigin === true;
}

/**
 * For local edits: the heading that existed before the transaction keeps its
 * sid. We map the old node's start (assoc right, so content inserted exactly
 * before it is skipped) and end (assoc left). If they land on two different
 * headings the node was split; the half with more text keeps the id (Enter at
 * the very start of a heading leaves an empty half that must not steal it).
 * Only applies when the old doc had exactly one occurrence: duplicates that
 * already existed came from a merge and must use document order like every
 * other replica.
 */
function preferPreExisting(trs: readonly Transaction[], oldDoc: PMNode): KeeperPreference {
  const mapping = new Mapping();
  for (const tr of trs) mapping.appendMapping(tr.mapping);
  let old: Map<string, HeadingRef[]> | null = null;
  return (sid, candidates) => {
    if (!old) {
      old = new Map();
      for (const h of collectHeadings(oldDoc)) if (h.sid) old.set(h.sid, [...(old.get(h.sid) ?? []), h]);
    }
    const previous = old.get(sid);
    if (!previous || previous.length !== 1) return undefined;
    const o = previous[0]!;
    const start = mapping.map(o.pos, 1);
    const end = mapping.map(o.pos + o.node.nodeSize, -1);
    const byStart = candidates.find((c) => c.pos === start);
    const byEnd = candidates.find((c) => c.pos + c.node.nodeSize === end);
    if (byStart && byEnd && byStart !== byEnd) {
      return byEnd.node.textContent.length > byStart.node.textContent.length ? byEnd : byStart;
    }
    return byStart ?? byEnd;
  };
}

/** Plugin state: count of Yjs-origin doc changes, so the view knows to re-check. */
export const sectionIdsKey = new PluginKey<number>("sectionIds");

function deferredRepairView(view: EditorView) {
  let seen = sectionIdsKey.getState(view.state) ?? 0;
  let scheduled = false;
  let destroyed = false;
  const run = () => {
    if (destroyed) return;
    // Re-rendering a heading mid-IME-composition would break the composition.
    if (view.composing) {
      setTimeout(run, 50);
      return;
    }
    scheduled = false;
    const tr = sectionIdRepairTransaction(view.state);
    if (tr) view.dispatch(tr);
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(run);
  };
  schedule(); // initial content (non-collaborative JSON) may lack ids
  return {
    update(v: EditorView) {
      const count = sectionIdsKey.getState(v.state) ?? 0;
      if (count !== seen) {
        seen = count;
        schedule();
      }
    },
    destroy() {
      destroyed = true;
    },
  };
}

export function sectionIdsPlugin(): Plugin<number> {
  return new Plugin<number>({
    key: sectionIdsKey,
    state: {
      init: () => 0,
      apply: (tr, count) => (tr.docChanged && isYjsOriginTransaction(tr) ? count + 1 : count),
    },
    appendTransaction(trs, oldState, newState) {
      if (!trs.some((tr) => tr.docChanged)) return null;
      if (trs.some(isYjsOriginTransaction)) return null; // path 2, see header
      const tr = newState.tr;
      return repairSectionIds(tr, preferPreExisting(trs, oldState.doc)) ? tr.setMeta(sectionIdsKey, "local") : null;
    },
    view: deferredRepairView,
  });
}

export const SectionIds = Extension.create({
  name: "sectionIds",
  addProseMirrorPlugins() {
    return [sectionIdsPlugin()];
  },
});
