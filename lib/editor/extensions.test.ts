import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createEditorExtensions } from "./extensions";
import { createHeadlessEditor, doc, h } from "@/test/editor";

const names = (exts: ReturnType<typeof createEditorExtensions>) => exts.map((e) => e.name);

describe("createEditorExtensions", () => {
  it("standalone: StarterKit (with its undo history) + section extensions", () => {
    const editor = createHeadlessEditor(doc(h(4, "x", "四级")));
    expect(names(createEditorExtensions())).toEqual(["starterKit", "sectionHeading", "sectionIds", "sectionNumbering", "sectionMove"]);
    expect(editor.extensionManager.extensions.some((e) => e.name === "undoRedo")).toBe(true);
    expect(editor.getJSON().content?.[0]).toEqual({ type: "heading", attrs: { level: 4, sid: "x" }, content: [{ type: "text", text: "四级" }] });
  });

  it("collaborative: history off, Collaboration on, caret only with a provider", () => {
    const document = new Y.Doc();
    const collab = createEditorExtensions({ collaboration: { document, field: "body" } });
    expect(names(collab)).toContain("collaboration");
    expect(names(collab)).not.toContain("collaborationCaret");
    const editor = createHeadlessEditor(doc(), collab);
    const loaded = editor.extensionManager.extensions.map((e) => e.name);
    expect(loaded).not.toContain("undoRedo");
    expect(loaded).toContain("collaboration");

    const provider = { awareness: { setLocalStateField: () => {}, on: () => {}, off: () => {}, states: new Map() } };
    const withCaret = createEditorExtensions({ collaboration: { document, provider, user: { name: "张委员", color: "#c00" } } });
    expect(names(withCaret)).toContain("collaborationCaret");
  });
});
