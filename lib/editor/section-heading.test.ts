import { TextSelection } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import { matchSectionMarker } from "./section-heading";
import { createHeadlessEditor, doc, expectUniqueSids, h, headingsOf, p, posOfText, typeText } from "@/test/editor";

describe("matchSectionMarker", () => {
  it.each([
    ["一、", 1],
    ["十二、", 1],
    ["（一）", 2],
    ["(二)", 2],
    ["(三）", 2],
    ["（十）", 2],
    ["1.", 3],
    ["12、", 3],
    ["３．", 3],
    ["（1）", 4],
    ["(2)", 4],
    ["（１０)", 4],
  ] as const)("%s → level %i", (text, level) => {
    expect(matchSectionMarker(text)).toBe(level);
  });

  it.each(["一", "一,", "a、", "（一", "1", "x1.", "（a）", "1.5"])("%s → no match", (text) => {
    expect(matchSectionMarker(text)).toBeNull();
  });
});

describe("section marker input rules", () => {
  const typeInto = (content: ReturnType<typeof doc>, at: (e: ReturnType<typeof createHeadlessEditor>) => number, text: string) => {
    const editor = createHeadlessEditor(content);
    editor.view.dispatch(editor.state.tr.setSelection(TextSelection.create(editor.state.doc, at(editor))));
    typeText(editor, text);
    return editor;
  };

  it("（二） in an empty paragraph becomes an empty level-2 heading with a fresh sid", () => {
    const editor = typeInto(doc(h(1, "a", "总体要求"), p()), (e) => e.state.doc.content.size - 1, "（二）");
    expect(headingsOf(editor)).toEqual([
      { level: 1, sid: "a", text: "总体要求" },
      { level: 2, sid: expect.stringMatching(/^[0-9a-z]{10}$/), text: "" },
    ]);
    expectUniqueSids(editor);
  });

  it.each([
    ["三、", 1],
    ["(一)", 2],
    ["2.", 3],
    ["7、", 3],
    ["（3)", 4],
  ] as const)("%s → level %i", (marker, level) => {
    const editor = typeInto(doc(p()), () => 1, marker);
    expect(editor.state.doc.firstChild?.type.name).toBe("heading");
    expect(editor.state.doc.firstChild?.attrs["level"]).toBe(level);
    expect(editor.state.doc.textContent).toBe("");
  });

  it("re-levels an empty heading and keeps its sid", () => {
    const editor = typeInto(doc(h(1, "a", "总体要求"), h(3, "keep")), (e) => e.state.doc.content.size - 1, "一、");
    expect(headingsOf(editor)[1]).toEqual({ level: 1, sid: "keep", text: "" });
  });

  it("does not fire when the block has other text", () => {
    const before = typeInto(doc(p("现状")), () => 1, "（二）");
    expect(before.state.doc.firstChild?.type.name).toBe("paragraph");
    expect(before.state.doc.textContent).toBe("（二）现状");

    const after = typeInto(doc(p("现状")), (e) => posOfText(e, "现状", 2), "1.");
    expect(after.state.doc.firstChild?.type.name).toBe("paragraph");
    expect(after.state.doc.textContent).toBe("现状1.");
  });

  it("does not fire inside a list item or blockquote", () => {
    const quoted = typeInto(
      doc({ type: "blockquote", content: [p()] }),
      () => 2,
      "一、",
    );
    expect(quoted.state.doc.textContent).toBe("一、");
    expect(headingsOf(quoted)).toEqual([]);
  });
});

describe("sid attribute", () => {
  it("renders as data-sid and parses back", () => {
    const editor = createHeadlessEditor(doc(h(2, "abc", "标题")));
    const heading = editor.state.doc.firstChild!;
    const spec = heading.type.spec.toDOM!(heading) as unknown as [string, Record<string, string>, number];
    expect(spec[0]).toBe("h2");
    expect(spec[1]["data-sid"]).toBe("abc");
    const rule = heading.type.spec.parseDOM!.find((r) => r.tag === "h2")!;
    const fakeElement = { getAttribute: (name: string) => (name === "data-sid" ? "abc" : null) } as unknown as HTMLElement;
    const attrs = typeof rule.getAttrs === "function" ? rule.getAttrs(fakeElement) : rule.attrs;
    expect(attrs).toMatchObject({ level: 2, sid: "abc" });
  });

  it("only headings carry sid", () => {
    const editor = createHeadlessEditor(doc(h(1, "a", "x"), p("y")));
    const withSid = Object.entries(editor.schema.nodes).filter(([, type]) => "sid" in (type.spec.attrs ?? {}));
    expect(withSid.map(([name]) => name)).toEqual(["heading"]);
  });
});
