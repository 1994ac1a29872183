"use client";

import type { Editor } from "@tiptap/react";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { passageAnchors, passageQuote, yBindingOf } from "@/lib/editor/comment-anchors";
import type { ComposerTarget } from "@/components/comments/comments-panel";
import { sectionAt, type LiveSection } from "./outline-state";

interface Props {
  editor: Editor;
  outline: RefObject<LiveSection[]>;
  /** The element the button is positioned in (position: relative). */
  container: RefObject<HTMLElement | null>;
  onComment: (target: ComposerTarget) => void;
}

interface Selected {
  from: number;
  to: number;
  sid: string | null;
  top: number;
  left: number;
}

/**
 * The 批注 button next to selected text. The selection is read from the DOM, so it works in
 * a read-only editor too (commenters cannot type but can select). It sits right after the
 * editor in tab order, and Ctrl+Alt+M in the editor does the same.
 */
export function CommentSelectionButton({ editor, outline, container, onComment }: Props) {
  const t = useTranslations("comments");
  const [selected, setSelected] = useState<Selected | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  const read = useCallback(() => {
    if (editor.isDestroyed) return;
    const view = editor.view;
    const sel = view.dom.ownerDocument.getSelection();
    // Focus on the button itself keeps the selection it was made for.
    if (buttonRef.current && view.dom.ownerDocument.activeElement === buttonRef.current) return;
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed || !sel.anchorNode || !sel.focusNode) return setSelected(null);
    if (!view.dom.contains(sel.anchorNode) || !view.dom.contains(sel.focusNode)) return setSelected(null);
    let a: number, b: number;
    try {
      a = view.posAtDOM(sel.anchorNode, sel.anchorOffset);
      b = view.posAtDOM(sel.focusNode, sel.focusOffset);
    } catch {
      return setSelected(null);
    }
    const from = Math.min(a, b);
    const to = Math.max(a, b);
    if (to <= from || !passageQuote(view.state, from, to)) return setSelected(null);
    const box = container.current?.getBoundingClientRect();
    const end = view.coordsAtPos(to, -1);
    if (!box) return setSelected(null);
    const width = 72;
    setSelected({
      from,
      to,
      sid: sectionAt(outline.current, from),
      top: end.bottom - box.top + 6,
      left: Math.max(4, Math.min(end.left - box.left - width / 2, box.width - width - 4)),
    });
  }, [editor, outline, container]);

  useEffect(() => {
    const doc = editor.view.dom.ownerDocument;
    doc.addEventListener("selectionchange", read);
    return () => doc.removeEventListener("selectionchange", read);
  }, [editor, read]);

  // Others' edits move the text under a selection: the button follows.
  useEffect(() => {
    const onUpdate = () => requestAnimationFrame(read);
    editor.on("update", onUpdate);
    return () => {
      editor.off("update", onUpdate);
    };
  }, [editor, read]);

  const comment = useCallback(() => {
    if (!selected?.sid) return;
    const binding = yBindingOf(editor.state);
    const anchors = binding && passageAnchors(binding, selected.from, selected.to);
    if (!anchors) return;
    onComment({ sid: selected.sid, passage: { ...anchors, quote: passageQuote(editor.state, selected.from, selected.to) } });
    setSelected(null);
  }, [editor, selected, onComment]);

  // Ctrl+Alt+M in the editor comments on the selection.
  useEffect(() => {
    const dom = editor.view.dom;
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() === "m" && e.ctrlKey && e.altKey && selected) {
        e.preventDefault();
        comment();
      }
    };
    dom.addEventListener("keydown", onKey);
    return () => dom.removeEventListener("keydown", onKey);
  }, [editor, selected, comment]);

  if (!selected) return null;
  return (
    <div className="absolute z-20" style={{ top: selected.top, left: selected.left }}>
      {selected.sid ? (
        <button
          ref={buttonRef}
          type="button"
          className="btn-primary px-3 py-1 text-sm shadow-md"
          aria-keyshortcuts="Control+Alt+M"
          onMouseDown={(e) => e.preventDefault()}
          onClick={comment}
          onBlur={() => requestAnimationFrame(read)}
        >
          {t("selection.comment")}
        </button>
      ) : (
        <p className="rounded-md bg-stone-800 px-2 py-1 text-xs text-white shadow-md">{t("selection.outsideSection")}</p>
      )}
    </div>
  );
}
