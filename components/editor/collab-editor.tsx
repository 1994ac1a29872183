"use client";

import { EditorContent, useEditor } from "@tiptap/react";
import { useEffect, useMemo, useRef } from "react";
import { createEditorExtensions } from "@/lib/editor/extensions";
import { DRAFT_LIMITS } from "@/lib/schemas/draft";
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
}

export function CollabEditor({ session, user, canEdit, onOutline, onCurrentSection, onTextLength, moveRequest, onLimit }: Props) {
  const outline = useRef<LiveSection[]>([]);
  const extensions = useMemo(
    () =>
      createEditorExtensions({
        collaboration: {
          document: session.ydoc,
          field: "default",
          provider: session.provider,
          user: { name: user.name, color: userColor(user.id) },
        },
        limit: { maxChars: DRAFT_LIMITS.maxChars, onLimit },
      }),
    [session, user.id, user.name, onLimit],
  );

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
    },
    [extensions],
  );

  useEffect(() => {
    editor?.setEditable(canEdit);
  }, [editor, canEdit]);

  useEffect(() => {
    if (!editor || !moveRequest) return;
    if (moveRequest.dir === "up") editor.commands.moveSectionUp(moveRequest.sid);
    else editor.commands.moveSectionDown(moveRequest.sid);
  }, [editor, moveRequest]);

  return (
    <div className="draft-editor rounded-lg border border-stone-200 bg-white shadow-sm">
      {canEdit && editor && <Toolbar editor={editor} />}
      <EditorContent editor={editor} />
    </div>
  );
}
