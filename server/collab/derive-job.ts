import * as Y from "yjs";
import { deriveOutline, type DerivedSection } from "@/lib/sections/outline";
import { jsonFromYDoc, textLengthOf } from "../services/drafts/content";

// The O(document) part of the settle-time refresh — document to ProseMirror JSON, text
// length, section outline with content hashes — as a pure function of the encoded state, so
// it can run in derive-worker.mjs, off the event loop that carries keystrokes.

export interface DerivedData {
  textLength: number;
  sections: DerivedSection[];
  /** Identifies what would be written (unchanged key: nothing to write). */
  key: string;
}

export function deriveFromState(state: Uint8Array): DerivedData {
  const doc = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(doc, state);
    const json = jsonFromYDoc(doc);
    const textLength = textLengthOf(json);
    const sections = deriveOutline(json);
    return { textLength, sections, key: JSON.stringify([textLength, sections]) };
  } finally {
    doc.destroy();
  }
}
