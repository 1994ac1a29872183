import { Extension } from "@tiptap/core";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { isYjsOriginTransaction } from "./section-ids";

// The character limit, enforced where the typing happens. The server refuses additions to a
// draft over the limit too, but a refused update stays in the client's Yjs state and would be
// resent forever; so the editor never makes one. Remote changes always apply.

export interface DocumentLimitOptions {
  maxChars: number;
  /** Called when an edit was refused (to show the message). */
  onLimit?: () => void;
}

export const documentLimitKey = new PluginKey("documentLimit");

export const DocumentLimit = Extension.create<DocumentLimitOptions>({
  name: "documentLimit",

  addOptions() {
    return { maxChars: 500_000, onLimit: undefined };
  },

  addProseMirrorPlugins() {
    const { maxChars, onLimit } = this.options;
    return [
      new Plugin({
        key: documentLimitKey,
        filterTransaction(tr, state) {
          if (!tr.docChanged || isYjsOriginTransaction(tr)) return true;
          // content.size ≥ text length, so below the limit nothing needs counting.
          if (tr.doc.content.size <= maxChars || tr.doc.content.size <= state.doc.content.size) return true;
          const after = tr.doc.textContent.length;
          if (after <= maxChars || after <= state.doc.textContent.length) return true;
          onLimit?.();
          return false;
        },
      }),
    ];
  },
});
