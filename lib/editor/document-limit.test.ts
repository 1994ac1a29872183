import { describe, expect, it } from "vitest";
import { createEditorExtensions } from "./extensions";
import { createHeadlessEditor, doc, p, typeText } from "@/test/editor";

describe("document limit", () => {
  it("refuses typing past the limit and says so, but allows deleting", () => {
    let refused = 0;
    const editor = createHeadlessEditor(doc(p("一二三四五六七八")), createEditorExtensions({ limit: { maxChars: 10, onLimit: () => refused++ } }));
    editor.commands.setTextSelection(9);
    typeText(editor, "九十十一");
    expect(editor.state.doc.textContent).toBe("一二三四五六七八九十");
    expect(refused).toBe(2);
    editor.commands.deleteRange({ from: 1, to: 3 });
    expect(editor.state.doc.textContent).toBe("三四五六七八九十");
  });

  it("does not apply without a limit configured", () => {
    const editor = createHeadlessEditor(doc(p("一二三")), createEditorExtensions());
    editor.commands.setTextSelection(4);
    typeText(editor, "四".repeat(50));
    expect(editor.state.doc.textContent.length).toBe(53);
  });
});
