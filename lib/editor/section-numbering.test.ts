import { describe, expect, it } from "vitest";
import { sectionNumberingKey, type SectionLabelSpec } from "./section-numbering";
import { createHeadlessEditor, doc, h, p, posOfText, typeText } from "@/test/editor";
import { TextSelection } from "@tiptap/pm/state";

const labels = (e: ReturnType<typeof createHeadlessEditor>) => {
  const set = sectionNumberingKey.getState(e.state)!;
  return set
    .find()
    .filter((d) => (d as unknown as { type: { toDOM?: unknown } }).type.toDOM) // widgets only
    .map((d) => ({ pos: d.from, label: (d.spec as SectionLabelSpec).sectionLabel }));
};

describe("SectionNumbering decorations", () => {
  it("puts a label widget at the start of each top-level heading and a data attribute on it", () => {
    const e = createHeadlessEditor(doc(p("前言"), h(1, "a", "甲"), h(3, "x", "子"), h(2, "b", "乙"), h(1, "c", "丙")));
    const found = labels(e);
    expect(found.map((l) => l.label)).toEqual(["一、", "1.", "（一）", "二、"]);
    for (const { pos } of found) expect(e.state.doc.resolve(pos).parent.type.name).toBe("heading");
    const nodeDecos = sectionNumberingKey
      .getState(e.state)!
      .find()
      .filter((d) => d.to - d.from > 0);
    expect(nodeDecos.map((d) => (d as unknown as { type: { attrs: Record<string, string> } }).type.attrs["data-section-label"])).toEqual(["一、", "1.", "（一）", "二、"]);
  });

  it("renumbers live and never stores labels in the text", () => {
    const e = createHeadlessEditor(doc(h(1, "a", "甲"), p()));
    e.view.dispatch(e.state.tr.setSelection(TextSelection.create(e.state.doc, e.state.doc.content.size - 1)));
    typeText(e, "一、");
    typeText(e, "乙");
    expect(labels(e).map((l) => l.label)).toEqual(["一、", "二、"]);
    expect(e.state.doc.textContent).toBe("甲乙");
    expect(JSON.stringify(e.getJSON())).not.toContain("、");
    e.view.dispatch(e.state.tr.delete(0, e.state.doc.firstChild!.nodeSize));
    expect(labels(e).map((l) => l.label)).toEqual(["一、"]);
    expect(posOfText(e, "乙")).toBe(1);
  });
});
