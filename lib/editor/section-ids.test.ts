import { Slice } from "@tiptap/pm/model";
import { TextSelection } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import { sectionIdRepairTransaction } from "./section-ids";
import { createHeadlessEditor, doc, expectUniqueSids, h, headingsOf, p, posOfText } from "@/test/editor";

const ID = expect.stringMatching(/^[0-9a-z]{10}$/);

function select(editor: ReturnType<typeof createHeadlessEditor>, from: number, to = from) {
  editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, from, to)));
}

describe("SectionIds — split (a)", () => {
  it("Enter in the middle: the half with more text keeps the sid", () => {
    const editor = createHeadlessEditor(doc(h(1, "a", "总体要求和原则"), p("正文")));
    select(editor, posOfText(editor, "总体要求和原则", 2));
    editor.commands.splitBlock();
    expect(headingsOf(editor)).toEqual([
      { level: 1, sid: ID, text: "总体" },
      { level: 1, sid: "a", text: "要求和原则" },
    ]);
    expectUniqueSids(editor);
  });

  it("raw ProseMirror split (copies attrs) at a tie: the first half keeps", () => {
    const editor = createHeadlessEditor(doc(h(2, "a", "甲乙丙丁")));
    editor.view.dispatch(editor.state.tr.split(posOfText(editor, "甲乙丙丁", 2)));
    expect(headingsOf(editor)).toEqual([
      { level: 2, sid: "a", text: "甲乙" },
      { level: 2, sid: ID, text: "丙丁" },
    ]);
  });

  it("raw split at the very start: the empty half does not steal the sid", () => {
    const editor = createHeadlessEditor(doc(h(2, "a", "标题")));
    editor.view.dispatch(editor.state.tr.split(1));
    expect(headingsOf(editor)).toEqual([
      { level: 2, sid: ID, text: "" },
      { level: 2, sid: "a", text: "标题" },
    ]);
  });

  it("Tiptap Enter at the start turns the empty half into a paragraph; sid stays", () => {
    const editor = createHeadlessEditor(doc(h(2, "a", "标题")));
    select(editor, 1);
    editor.commands.splitBlock();
    expect(editor.state.doc.firstChild?.type.name).toBe("paragraph");
    expect(headingsOf(editor)).toEqual([{ level: 2, sid: "a", text: "标题" }]);
  });

  it("the repair is part of the same undo step", () => {
    const editor = createHeadlessEditor(doc(h(1, "a", "总体要求")));
    select(editor, posOfText(editor, "总体要求", 2));
    editor.commands.splitBlock();
    expect(headingsOf(editor)).toHaveLength(2);
    editor.commands.undo();
    expect(headingsOf(editor)).toEqual([{ level: 1, sid: "a", text: "总体要求" }]);
  });
});

describe("SectionIds — paste (b)", () => {
  const copyOfFirstHeading = (editor: ReturnType<typeof createHeadlessEditor>) => {
    const first = editor.state.doc.firstChild!;
    return editor.state.doc.slice(0, first.nodeSize); // the heading node incl. its sid
  };

  it("pasting a copied heading BEFORE the original: original keeps, copy gets a fresh id", () => {
    const editor = createHeadlessEditor(doc(h(1, "a", "总体要求"), p("正文"), p()));
    const slice = copyOfFirstHeading(editor);
    editor.view.dispatch(editor.state.tr.replace(0, 0, slice).setMeta("uiEvent", "paste"));
    expect(headingsOf(editor)).toEqual([
      { level: 1, sid: ID, text: "总体要求" },
      { level: 1, sid: "a", text: "总体要求" },
    ]);
    expect(editor.state.doc.child(1).attrs["sid"]).toBe("a");
  });

  it("pasting after the original (into an empty paragraph): the copy gets a fresh id", () => {
    const editor = createHeadlessEditor(doc(h(1, "a", "总体要求"), p("正文"), p()));
    const slice = copyOfFirstHeading(editor);
    select(editor, editor.state.doc.content.size - 1);
    editor.view.dispatch(editor.state.tr.replaceSelection(slice).setMeta("uiEvent", "paste"));
    const hs = headingsOf(editor);
    expect(hs[0]).toEqual({ level: 1, sid: "a", text: "总体要求" });
    expect(hs[1]).toEqual({ level: 1, sid: ID, text: "总体要求" });
    expectUniqueSids(editor);
  });

  it("pasting a multi-heading slice twice keeps everything unique", () => {
    const editor = createHeadlessEditor(doc(h(1, "a", "一"), h(2, "b", "二"), p("x"), p()));
    const slice = new Slice(editor.state.doc.content.cut(0, editor.state.doc.content.size - 2), 0, 0);
    const end = () => editor.state.doc.content.size;
    editor.view.dispatch(editor.state.tr.replace(end(), end(), slice));
    editor.view.dispatch(editor.state.tr.replace(end(), end(), slice));
    expect(headingsOf(editor).map((x) => x.sid).slice(0, 2)).toEqual(["a", "b"]);
    expect(headingsOf(editor)).toHaveLength(6);
    expectUniqueSids(editor);
  });
});

describe("SectionIds — missing ids", () => {
  it("setContent without sids gets ids; converting to a heading gets one", () => {
    const editor = createHeadlessEditor(doc(p("x")));
    editor.commands.setContent(doc(h(1, null, "无编号"), { type: "heading", attrs: { level: 2 } }, p("y")));
    expect(headingsOf(editor).map((x) => x.sid)).toEqual([ID, ID]);
    expectUniqueSids(editor);

    select(editor, posOfText(editor, "y"));
    editor.commands.setHeading({ level: 3 });
    expect(headingsOf(editor)).toHaveLength(3);
    expectUniqueSids(editor);
  });

  it("changing a heading's level keeps its sid", () => {
    const editor = createHeadlessEditor(doc(h(1, "a", "标题")));
    select(editor, 2);
    editor.commands.setHeading({ level: 2 });
    expect(headingsOf(editor)).toEqual([{ level: 2, sid: "a", text: "标题" }]);
  });

  it("initial content is repaired by the document-order repair (what the plugin view runs)", () => {
    const editor = createHeadlessEditor(doc(h(1, "d", "甲"), h(1, "d", "乙"), h(1, null, "丙")));
    const tr = sectionIdRepairTransaction(editor.state)!;
    expect(tr.getMeta("addToHistory")).toBe(false);
    editor.view.dispatch(tr);
    expect(headingsOf(editor).map((x) => x.sid)).toEqual(["d", ID, ID]);
    expectUniqueSids(editor);
    expect(sectionIdRepairTransaction(editor.state)).toBeNull();
  });
});
