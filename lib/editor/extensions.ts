/**
 * The editor's extension list, shared by the React editor, tests and any
 * headless (server) editor. Client-safe, no React.
 */
import type { AnyExtension } from "@tiptap/core";
import { Collaboration } from "@tiptap/extension-collaboration";
import { CollaborationCaret } from "@tiptap/extension-collaboration-caret";
import { StarterKit } from "@tiptap/starter-kit";
import type * as Y from "yjs";
import { SECTION_LEVELS } from "@/lib/sections/numbering";
import { SectionHeading } from "./section-heading";
import { SectionIds } from "./section-ids";
import { SectionMove } from "./section-move";
import { SectionNumbering } from "./section-numbering";
import { DocumentLimit, type DocumentLimitOptions } from "./document-limit";

export interface CollaborationOptions {
  document: Y.Doc;
  /** Y.XmlFragment name; Tiptap's default is "default". Must match the server. */
  field?: string;
  /** Hocuspocus/y-websocket provider; carets are only shown when given. */
  provider?: unknown;
  user?: { name: string; color: string };
}

export interface EditorExtensionOptions {
  collaboration?: CollaborationOptions;
  /** Refuse local edits that would take the document over this many characters. */
  limit?: DocumentLimitOptions;
}

export function createEditorExtensions(opts: EditorExtensionOptions = {}): AnyExtension[] {
  const collab = opts.collaboration;
  const extensions: AnyExtension[] = [
    StarterKit.configure({
      heading: { levels: [...SECTION_LEVELS] },
      // Collaboration brings y-undo, which undoes only this user's changes;
      // prosemirror-history would undo remote edits too and conflicts with it.
      ...(collab ? { undoRedo: false as const } : {}),
    }),
    SectionHeading,
    SectionIds,
    SectionNumbering,
    SectionMove,
  ];
  if (opts.limit) extensions.push(DocumentLimit.configure(opts.limit));
  if (collab) {
    extensions.push(Collaboration.configure({ document: collab.document, field: collab.field ?? "default" }));
    // CollaborationCaret throws without a provider (it needs awareness).
    if (collab.provider) {
      extensions.push(
        CollaborationCaret.configure({
          provider: collab.provider,
          ...(collab.user ? { user: collab.user } : {}),
        }),
      );
    }
  }
  return extensions;
}
