/**
 * CommentHighlights: marks each open thread's quoted passage in the editor with an inline
 * decoration `<span class="comment-highlight" data-thread-id="…">`, and the active thread's
 * with `comment-highlight-active` as well. Clicking a highlight calls `onClick(threadId)`.
 *
 * The passages are Yjs relative positions (./comment-anchors.ts). They are resolved again
 * whenever the document changed through Yjs (someone else's edit, the first render, undo),
 * so the highlight follows the words whatever others do. A local edit maps the decorations
 * through the transaction at once (typing inside a passage grows it); after a local
 * structural change (Enter, a section moved), which the binding writes to Yjs only after
 * the state is applied, the view re-resolves everything in a follow-up transaction.
 *
 * y-tiptap writes some edits as "delete the text, insert it again": Enter at the start of
 * a paragraph, the second half of a split paragraph, a section moved (its blocks are
 * deleted and inserted elsewhere). Relative positions into recreated text collapse. When
 * a passage's anchors collapse, the quote is looked up in the thread's own section (the
 * occurrence nearest to where it was) and, found, anchored again there for this page, so
 * later edits inside it are followed too; only when the words are gone from the section is
 * the passage "deleted" (no range: the margin shows the quote struck through).
 *
 * The threads are given with `setCommentHighlights(view, …)`; nothing is stored in the
 * document, so highlights are personal (each reader sees the threads they may see).
 * Client-safe, no React.
 */
import { Extension } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { Plugin, PluginKey, TextSelection, type EditorState, type Selection, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet, type EditorView } from "@tiptap/pm/view";
import { isStructuralTransaction } from "@tiptap/y-tiptap";
import type * as Y from "yjs";
import { COMMENT_LIMITS } from "@/lib/comments/text";
import { topLevelSections } from "./blocks";
import { relativePassage, resolvePassage, yBindingOf, type YBinding } from "./comment-anchors";
import { isYjsOriginTransaction } from "./section-ids";

export interface HighlightThread {
  id: string;
  /** The thread's section, where its quote is looked for when the anchors collapsed. */
  sid: string;
  quote: string;
  start: Y.RelativePosition;
  end: Y.RelativePosition;
  /** Located but not marked (a resolved thread), unless it is the active one. */
  hidden?: boolean;
}

export interface CommentHighlightsState {
  threads: readonly HighlightThread[];
  active: string | null;
  decorations: DecorationSet;
  /** Where each thread's passage is now (absent: deleted, or not resolvable yet). */
  ranges: ReadonlyMap<string, { from: number; to: number }>;
  /** Whether the Yjs binding had rendered when the ranges were computed. */
  bound: boolean;
  /** A local structural change mapped the decorations; the view re-resolves them. */
  stale: boolean;
  /** Anchors made on this page for passages found again by their quote. */
  reanchored: ReadonlyMap<string, Anchors>;
}

type Anchors = { start: Y.RelativePosition; end: Y.RelativePosition };

interface Meta {
  threads?: readonly HighlightThread[];
  active?: string | null;
  refresh?: boolean;
}

export const commentHighlightsKey = new PluginKey<CommentHighlightsState>("commentHighlights");

export const HIGHLIGHT_CLASS = "comment-highlight";
export const ACTIVE_HIGHLIGHT_CLASS = "comment-highlight-active";

export interface CommentHighlightsOptions {
  onClick?: ((threadId: string) => void) | undefined;
  /** Where the Yjs document is; the Collaboration extension's binding by default (tests pass their own). */
  binding?: ((state: EditorState) => YBinding | null) | undefined;
}

function decorate(doc: PMNode, threads: readonly HighlightThread[], active: string | null, ranges: ReadonlyMap<string, { from: number; to: number }>) {
  const decorations: Decoration[] = [];
  for (const t of threads) {
    const r = ranges.get(t.id);
    if (!r || (t.hidden && t.id !== active)) continue;
    const cls = t.id === active ? `${HIGHLIGHT_CLASS} ${ACTIVE_HIGHLIGHT_CLASS}` : HIGHLIGHT_CLASS;
    decorations.push(Decoration.inline(r.from, r.to, { class: cls, "data-thread-id": t.id }, { threadId: t.id }));
  }
  return DecorationSet.create(doc, decorations);
}

type Range = { from: number; to: number };

/** The quote as stored (one line, maybe cut to COMMENT_LIMITS.maxQuote with "…") as text to find. */
function needleOf(quote: string): string {
  const chars = Array.from(quote);
  return chars.length >= COMMENT_LIMITS.maxQuote && quote.endsWith("…") ? chars.slice(0, -1).join("") : quote;
}

/**
 * The occurrence of `quote` inside one textblock of section `sid` (heading and own body)
 * nearest to `near`, or null. Non-text inline leaves count as one character, so text
 * offsets are document offsets.
 */
export function findQuoteInSection(doc: PMNode, sid: string, quote: string, near: number | null): Range | null {
  const needle = needleOf(quote);
  if (!needle) return null;
  const { ranges, offsets } = topLevelSections(doc);
  const section = ranges.find((r) => r.sid === sid);
  if (!section) return null;
  let best: Range | null = null;
  const search = (block: PMNode, contentStart: number) => {
    let text = "";
    block.forEach((child) => {
      text += child.isText ? child.text! : "\ufffc".repeat(child.nodeSize);
    });
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      const r = { from: contentStart + at, to: contentStart + at + needle.length };
      if (!best || (near !== null && Math.abs(r.from - near) < Math.abs(best.from - near))) best = r;
    }
  };
  for (let i = section.start; i < section.bodyEnd; i++) {
    const pos = offsets[i]!;
    const block = doc.nodeAt(pos);
    if (!block) continue;
    if (block.isTextblock) search(block, pos + 1);
    else
      block.descendants((node, rel) => {
        if (!node.isTextblock) return true;
        search(node, pos + 1 + rel + 1);
        return false;
      });
  }
  return best;
}

function compute(
  state: EditorState,
  threads: readonly HighlightThread[],
  active: string | null,
  bindingOf: (state: EditorState) => YBinding | null,
  prev: Pick<CommentHighlightsState, "ranges" | "reanchored">,
): CommentHighlightsState {
  const binding = bindingOf(state);
  const ranges = new Map<string, Range>();
  const reanchored = new Map<string, Anchors>();
  const bound = Boolean(binding && binding.mapping.size > 0);
  if (binding && bound) {
    const size = state.doc.content.size;
    for (const t of threads) {
      let r = resolvePassage(binding, t, size);
      if (!r) {
        const again = prev.reanchored.get(t.id);
        r = again ? resolvePassage(binding, again, size) : null;
        if (r) reanchored.set(t.id, again!);
      }
      if (!r) {
        r = findQuoteInSection(state.doc, t.sid, t.quote, prev.ranges.get(t.id)?.from ?? null);
        const anchors = r && relativePassage(binding, r.from, r.to);
        if (anchors) reanchored.set(t.id, anchors);
      }
      if (r) ranges.set(t.id, r);
    }
  }
  return { threads, active, ranges, bound, stale: false, reanchored, decorations: decorate(state.doc, threads, active, ranges) };
}

/** Ranges through a local edit: text typed at either edge stays outside, as with the anchors. */
function mapRanges(ranges: ReadonlyMap<string, Range>, tr: Transaction): Map<string, Range> {
  const out = new Map<string, Range>();
  for (const [id, r] of ranges) {
    const from = tr.mapping.map(r.from, 1);
    const to = tr.mapping.map(r.to, -1);
    if (to > from) out.set(id, { from, to });
  }
  return out;
}

export function commentHighlightsPlugin(options: CommentHighlightsOptions = {}): Plugin<CommentHighlightsState> {
  const bindingOf = options.binding ?? yBindingOf;
  return new Plugin<CommentHighlightsState>({
    key: commentHighlightsKey,
    state: {
      init: (_config, state) => compute(state, [], null, bindingOf, { ranges: new Map(), reanchored: new Map() }),
      apply(tr: Transaction, prev, oldState, newState) {
        const meta = tr.getMeta(commentHighlightsKey) as Meta | undefined;
        const threads = meta?.threads ?? prev.threads;
        const active = meta?.active !== undefined ? meta.active : prev.active;
        if (meta || (tr.docChanged && isYjsOriginTransaction(tr))) {
          return compute(newState, threads, active, bindingOf, prev);
        }
        if (!tr.docChanged) return prev;
        const ranges = mapRanges(prev.ranges, tr);
        return {
          ...prev,
          ranges,
          decorations: decorate(tr.doc, prev.threads, prev.active, ranges),
          stale: prev.stale || isStructuralTransaction(tr, oldState.doc),
        };
      },
    },
    props: {
      decorations: (state) => commentHighlightsKey.getState(state)?.decorations,
      handleDOMEvents: {
        click(view, event) {
          const target = event.target instanceof Element ? event.target.closest(`[data-thread-id]`) : null;
          const id = target?.getAttribute("data-thread-id");
          if (!id || !view.dom.contains(target)) return false;
          // The end of a drag that selects text is a click too: leave it to the selection.
          const selection = view.dom.ownerDocument.getSelection();
          if (selection && !selection.isCollapsed) return false;
          options.onClick?.(id);
          return false;
        },
      },
    },
    view(view) {
      let scheduled = false;
      let destroyed = false;
      const check = (v: EditorView) => {
        if (scheduled || !commentHighlightsKey.getState(v.state)?.stale) return;
        scheduled = true;
        // After every plugin view has run, the binding has written the change to Yjs.
        queueMicrotask(() => {
          scheduled = false;
          if (destroyed || !commentHighlightsKey.getState(view.state)?.stale) return;
          dispatchMeta(view, { refresh: true });
        });
      };
      return {
        update: check,
        destroy() {
          destroyed = true;
        },
      };
    },
  });
}

/**
 * The selection the browser shows, when ProseMirror has not read it yet. A click (on a
 * highlight, say) moves the caret, but ProseMirror learns of it only at the next
 * selectionchange; a transaction dispatched before that would put the caret back where it
 * was. So our own transactions carry the browser's selection along.
 */
function pendingDomSelection(view: EditorView): Selection | null {
  try {
    // (A view without a DOM, as in tests, throws here.)
    if (!view.editable || view.composing || !view.hasFocus()) return null;
    const sel = view.dom.ownerDocument.getSelection();
    if (!sel?.anchorNode || !sel.focusNode || !view.dom.contains(sel.anchorNode) || !view.dom.contains(sel.focusNode)) return null;
    const anchor = view.posAtDOM(sel.anchorNode, sel.anchorOffset);
    const head = view.posAtDOM(sel.focusNode, sel.focusOffset);
    const current = view.state.selection;
    if (current.anchor === anchor && current.head === head) return null;
    const { doc } = view.state;
    return TextSelection.between(doc.resolve(anchor), doc.resolve(head));
  } catch {
    return null;
  }
}

function dispatchMeta(view: EditorView, meta: Meta) {
  const tr = view.state.tr.setMeta(commentHighlightsKey, meta).setMeta("addToHistory", false);
  const selection = pendingDomSelection(view);
  if (selection) tr.setSelection(selection);
  view.dispatch(tr);
}

/** Gives the editor the threads to highlight and the active one. */
export function setCommentHighlights(view: EditorView, threads: readonly HighlightThread[], active: string | null): void {
  dispatchMeta(view, { threads, active });
}

/** Re-resolves every passage from Yjs (e.g. after the binding's first render). */
export function refreshCommentHighlights(view: EditorView): void {
  dispatchMeta(view, { refresh: true });
}

export const CommentHighlights = Extension.create<CommentHighlightsOptions>({
  name: "commentHighlights",
  addOptions() {
    return { onClick: undefined, binding: undefined };
  },
  addProseMirrorPlugins() {
    return [commentHighlightsPlugin({ onClick: (id) => this.options.onClick?.(id), binding: this.options.binding })];
  },
});
