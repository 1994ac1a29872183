"use client";

import { EditorContent, useEditor } from "@tiptap/react";
import { useEffect, useMemo, useRef } from "react";
import { createEditorExtensions } from "@/lib/editor/extensions";
import { CommentHighlights, commentHighlightsKey, setCommentHighlights, type HighlightThread } from "@/lib/editor/comment-highlights";
import { DRAFT_LIMITS } from "@/lib/schemas/draft";
import type { ComposerTarget } from "@/components/comments/comments-panel";
import { CommentSelectionButton } from "./comment-selection-button";
import { Toolbar } from "./toolbar";
import { liveOutline, sectionAt, type LiveSection } from "./outline-state";
import { userColor } from "@/lib/collab/user-color";
import type { CollabSession } from "./use-collab";

interface Props {
  session: CollabSession;
  user: { id: string; name: string };
  canEdit: boolean;
  onOutline: (o: LiveSection[]) => void;
  onCurrentSection: (sid: string | null) => void;
  onTextLength: (n: number) => void;
  moveRequest: { sid: string; dir: "up" | "down"; n: number } | null;
  onLimit: () => void;
  /** Comment passages to mark, and the active thread's. */
  highlights: readonly HighlightThread[];
  activeThreadId: string | null;
  onHighlightClick: (threadId: string) => void;
  /** Where the passages are now (whenever that changes). */
  onPassages: (p: { ranges: ReadonlyMap<string, { from: number; to: number }>; bound: boolean }) => void;
  /** Selecting text offers 批注 (read-only editors too). */
  canComment: boolean;
  onCommentPassage: (target: ComposerTarget) => void;
}

export function CollabEditor({
  session, user, canEdit, onOutline, onCurrentSection, onTextLength, moveRequest, onLimit,
  highlights, activeThreadId, onHighlightClick, onPassages, canComment, onCommentPassage,
}: Props) {
  const outline = useRef<LiveSection[]>([]);
  const container = useRef<HTMLDivElement>(null);
  const onPassagesRef = useRef(onPassages);
  useEffect(() => {
    onPassagesRef.current = onPassages;
  });
  const extensions = useMemo(
    () => [
      ...createEditorExtensions({
        collaboration: {
          document: session.ydoc,
          field: "default",
          provider: session.provider,
          user: { name: user.name, color: userColor(user.id) },
        },
        limit: { maxChars: DRAFT_LIMITS.maxChars, onLimit },
      }),
      CommentHighlights,
    ],
    [session, user.id, user.name, onLimit],
  );
  const lastPassages = useRef("");

  const editor = useEditor(
    {
      extensions,
      editable: canEdit,
      immediatelyRender: false,
      editorProps: { attributes: { "aria-label": "正文", "aria-multiline": "true", role: "textbox", class: "focus:outline-none" } },
      onCreate: ({ editor }) => {
        outline.current = liveOutline(editor.state.doc);
        onOutline(outline.current);
        onTextLength(editor.state.doc.textContent.length);
      },
      // Typing fires selectionUpdate, then update: the outline is derived once, on update,
      // which also places the cursor in it (selectionUpdate saw the previous outline).
      onUpdate: ({ editor }) => {
        outline.current = liveOutline(editor.state.doc);
        onOutline(outline.current);
        onTextLength(editor.state.doc.textContent.length);
        onCurrentSection(sectionAt(outline.current, editor.state.selection.from));
      },
      onSelectionUpdate: ({ editor }) => {
        onCurrentSection(sectionAt(outline.current, editor.state.selection.from));
      },
      // Passages move with every change (and when threads are given): report when they did.
      onTransaction: ({ editor }) => {
        const st = commentHighlightsKey.getState(editor.state);
        if (!st) return;
        const key = `${st.bound}|${[...st.ranges].map(([id, r]) => `${id}:${r.from}-${r.to}`).join(",")}`;
        if (key === lastPassages.current) return;
        lastPassages.current = key;
        onPassagesRef.current({ ranges: st.ranges, bound: st.bound });
      },
    },
    [extensions],
  );

  useEffect(() => {
    editor?.setEditable(canEdit);
  }, [editor, canEdit]);

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    setCommentHighlights(editor.view, highlights, activeThreadId);
  }, [editor, highlights, activeThreadId]);

  useEffect(() => {
    if (!editor || !moveRequest) return;
    if (moveRequest.dir === "up") editor.commands.moveSectionUp(moveRequest.sid);
    else editor.commands.moveSectionDown(moveRequest.sid);
  }, [editor, moveRequest]);

  return (
    // A click on a highlighted passage opens its thread (the margin's quote buttons are the keyboard way).
    <div
      ref={container}
      className="draft-editor relative rounded-lg border border-stone-200 bg-white shadow-sm"
      onClick={(e) => {
        const mark = e.target instanceof Element ? e.target.closest("[data-thread-id]") : null;
        const id = mark?.getAttribute("data-thread-id");
        if (!id || !mark?.closest(".ProseMirror")) return;
        // The end of a drag that selects text is a click too: leave it to the selection.
        if (document.getSelection()?.isCollapsed === false) return;
        onHighlightClick(id);
      }}
    >
      {canEdit && editor && <Toolbar editor={editor} />}
      <EditorContent editor={editor} />
      {canComment && editor && <CommentSelectionButton editor={editor} outline={outline} container={container} onComment={onCommentPassage} />}
    </div>
  );
}
