/**
 * Test helpers: a DOM-less Tiptap editor. Without an element Tiptap keeps an
 * EditorState but installs plugins only on mount, so we install them here —
 * then commands, appendTransaction, input rules and decorations all run in
 * plain Node (no jsdom/happy-dom in this repo). Test support only: it lives outside
 * lib/ so no app bundle can import it.
 */
import { Editor, type AnyExtension, type JSONContent } from "@tiptap/core";
import type { Plugin } from "@tiptap/pm/state";
import type { EditorView } from "@tiptap/pm/view";
import { createEditorExtensions } from "@/lib/editor/extensions";

export function createHeadlessEditor(content: JSONContent, extensions: AnyExtension[] = createEditorExtensions()): Editor {
  const editor = new Editor({ extensions, content });
  editor.view.updateState(editor.state.reconfigure({ plugins: editor.extensionManager.plugins }));
  return editor;
}

/** Types `text` character by character at the selection, like a keyboard. */
export function typeText(editor: Editor, text: string): void {
  const rules = editor.state.plugins.find((p) => (p.spec as { isInputRules?: boolean }).isInputRules) as Plugin | undefined;
  for (const ch of text) {
    const { from, to } = editor.state.selection;
    const insert = () => editor.state.tr.insertText(ch, from, to);
    const handled = rules?.props.handleTextInput?.call(rules, editor.view as EditorView, from, to, ch, insert);
    if (!handled) editor.view.dispatch(insert());
  }
}

export const h = (level: number, sid: string | null, text = ""): JSONContent => ({
  type: "heading",
  attrs: { level, sid },
  ...(text ? { content: [{ type: "text", text }] } : {}),
});

export const p = (text = ""): JSONContent => ({
  type: "paragraph",
  ...(text ? { content: [{ type: "text", text }] } : {}),
});

export const doc = (...content: JSONContent[]): JSONContent => ({ type: "doc", content });

export interface HeadingSummary {
  level: number;
  sid: string;
  text: string;
}

export function headingsOf(editor: Editor): HeadingSummary[] {
  const out: HeadingSummary[] = [];
  editor.state.doc.descendants((node) => {
    if (node.type.name !== "heading") return true;
    out.push({ level: Number(node.attrs["level"]), sid: String(node.attrs["sid"] ?? ""), text: node.textContent });
    return false;
  });
  return out;
}

/** Position just inside the start of the first textblock containing `text`, plus offset. */
export function posOfText(editor: Editor, text: string, offset = 0): number {
  let found = -1;
  editor.state.doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.isTextblock && node.textContent.includes(text)) {
      found = pos + 1 + node.textContent.indexOf(text) + offset;
      return false;
    }
    return true;
  });
  if (found < 0) throw new Error(`text not found: ${text}`);
  return found;
}

export function expectUniqueSids(editor: Editor): void {
  const sids = headingsOf(editor).map((x) => x.sid);
  if (sids.some((s) => !s)) throw new Error(`empty sid in ${JSON.stringify(sids)}`);
  if (new Set(sids).size !== sids.length) throw new Error(`duplicate sid in ${JSON.stringify(sids)}`);
}
