import { getSchema, type JSONContent } from "@tiptap/core";
import { prosemirrorJSONToYDoc, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import * as Y from "yjs";
import { createEditorExtensions } from "@/lib/editor/extensions";
import { ensureSectionIds } from "@/lib/sections/ids";
import type { PMJSONNode } from "@/lib/sections/outline";

// Converting between the editor's ProseMirror JSON and the draft's Yjs document on the
// server (import, demo data, outline derivation). Same schema as the browser editor.

import { DOC_FIELD } from "@/lib/collab/protocol";

export { DOC_FIELD };

let schema: ReturnType<typeof getSchema> | undefined;
export function editorSchema() {
  schema ??= getSchema(createEditorExtensions());
  return schema;
}

export function emptyDoc(): JSONContent {
  return { type: "doc", content: [{ type: "paragraph" }] };
}

/** A full Yjs state (as one update) for the given document JSON, every heading given a sid. */
export function yStateFromJson(json: JSONContent): Uint8Array {
  const withIds = ensureSectionIds(json as PMJSONNode) as JSONContent;
  const ydoc = prosemirrorJSONToYDoc(editorSchema(), withIds, DOC_FIELD);
  return Y.encodeStateAsUpdate(ydoc);
}

export function jsonFromYDoc(ydoc: Y.Doc): PMJSONNode {
  return yXmlFragmentToProsemirrorJSON(ydoc.getXmlFragment(DOC_FIELD)) as PMJSONNode;
}

export function textLengthOf(json: PMJSONNode): number {
  let n = 0;
  const walk = (node: PMJSONNode) => {
    if (typeof node.text === "string") n += [...node.text].length;
    node.content?.forEach(walk);
  };
  walk(json);
  return n;
}
