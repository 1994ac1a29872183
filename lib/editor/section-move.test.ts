import { TextSelection } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import { sectionLabelsOf } from "./section-numbering";
import { createHeadlessEditor, doc, h, p, posOfText } from "@/test/editor";

const draft = () =>
  createHeadlessEditor(
    doc(
      p("关于加强社区养老服务的提案"),
      h(1, "a", "总体要求"),
      p("甲正文"),
      h(2, "a1", "指导思想"),
      p("甲一正文"),
      h(3, "a1x", "措施"),
      h(2, "a2", "基本原则"),
      p("甲二正文"),
      h(1, "b", "主要任务"),
      h(2, "b1", "完善设施"),
      p("乙一正文"),
      h(1, "c", "保障措施"),
      p("丙正文"), // ends with a paragraph so StarterKit's TrailingNode never appends one
    ),
  );

type E = ReturnType<typeof draft>;
const blocks = (e: E) => {
  const out: string[] = [];
  e.state.doc.forEach((n) => out.push(n.textContent));
  return out;
};
const outline = (e: E) => sectionLabelsOf(e.state.doc).map((s) => `${s.label}${e.state.doc.nodeAt(s.pos)!.textContent}`);

describe("section move commands", () => {
  it("moveSectionDown moves the subtree past the next same-level sibling and renumbers", () => {
    const e = draft();
    expect(e.commands.moveSectionDown("a1")).toBe(true);
    expect(blocks(e)).toEqual([
      "关于加强社区养老服务的提案",
      "总体要求",
      "甲正文",
      "基本原则",
      "甲二正文",
      "指导思想",
      "甲一正文",
      "措施",
      "主要任务",
      "完善设施",
      "乙一正文",
      "保障措施",
      "丙正文",
    ]);
    expect(outline(e)).toEqual(["一、总体要求", "（一）基本原则", "（二）指导思想", "1.措施", "二、主要任务", "（一）完善设施", "三、保障措施"]);
  });

  it("moveSectionUp moves a level-1 section with all subsections", () => {
    const e = draft();
    expect(e.commands.moveSectionUp("b")).toBe(true);
    expect(outline(e)).toEqual(["一、主要任务", "（一）完善设施", "二、总体要求", "（一）指导思想", "1.措施", "（二）基本原则", "三、保障措施"]);
    expect(blocks(e)[0]).toBe("关于加强社区养老服务的提案"); // preamble stays on top
    expect(blocks(e).slice(1, 4)).toEqual(["主要任务", "完善设施", "乙一正文"]);
  });

  it("up then down restores the document; each move is one undo step", () => {
    const e = draft();
    const original = e.state.doc;
    e.commands.moveSectionDown("a");
    expect(outline(e)[0]).toBe("一、主要任务");
    e.commands.undo();
    expect(e.state.doc.eq(original)).toBe(true);
    e.commands.moveSectionUp("c");
    e.commands.moveSectionDown("c");
    expect(e.state.doc.eq(original)).toBe(true);
  });

  it("refuses moves without a same-level sibling and leaves the doc alone", () => {
    const e = draft();
    const original = e.state.doc;
    expect(e.commands.moveSectionUp("a")).toBe(false);
    expect(e.commands.moveSectionUp("a1")).toBe(false);
    expect(e.commands.moveSectionDown("a2")).toBe(false);
    expect(e.commands.moveSectionDown("c")).toBe(false);
    expect(e.commands.moveSectionUp("missing")).toBe(false);
    expect(e.can().moveSectionUp("a")).toBe(false);
    expect(e.can().moveSectionUp("b")).toBe(true);
    expect(e.state.doc.eq(original)).toBe(true);
  });

  it("moveSectionTo: before another section or to the end", () => {
    const e = draft();
    expect(e.commands.moveSectionTo("a2", "a1")).toBe(true);
    expect(outline(e).slice(0, 4)).toEqual(["一、总体要求", "（一）基本原则", "（二）指导思想", "1.措施"]);
    expect(e.commands.moveSectionTo("a", null)).toBe(true);
    expect(outline(e)).toEqual(["一、主要任务", "（一）完善设施", "二、保障措施", "三、总体要求", "（一）基本原则", "（二）指导思想", "1.措施"]);
    expect(e.commands.moveSectionTo("a", "a1")).toBe(false); // into itself
  });

  it("keeps the caret inside the moved section", () => {
    const e = draft();
    const at = posOfText(e, "乙一正文", 2);
    e.view.dispatch(e.state.tr.setSelection(TextSelection.create(e.state.doc, at)));
    e.commands.moveSectionUp("b");
    const { $from } = e.state.selection;
    expect($from.parent.textContent).toBe("乙一正文");
    expect($from.parentOffset).toBe(2);
  });
});
