import { describe, expect, it } from "vitest";
import { toEditorDoc, toOutlineJson } from "./serialize";
import type { ImportResult } from "./types";
import { sec } from "./fixtures/tree";

const result: ImportResult = {
  opening: ["讲话稿", "同志们："],
  sections: [
    sec("总体要求", 1, ["正文一"], [sec("坚持党的领导", 2, ["正文二", ""], [sec("学习", 3)])]),
    sec("结语", 1),
  ],
};

describe("toOutlineJson", () => {
  it("keeps exactly title, level and children", () => {
    const json = toOutlineJson(result);
    expect(json).toEqual([
      {
        title: "总体要求",
        level: 1,
        children: [
          {
            title: "坚持党的领导",
            level: 2,
            children: [{ title: "学习", level: 3, children: [] }],
          },
        ],
      },
      { title: "结语", level: 1, children: [] },
    ]);
    expect(JSON.stringify(json)).not.toContain("body");
  });

  it("is [] when no sections were detected", () => {
    expect(toOutlineJson({ opening: ["正文"], sections: [] })).toEqual([]);
  });
});

describe("toEditorDoc", () => {
  it("flattens in document order with fresh sids; empty paragraphs have no content", () => {
    let n = 0;
    const doc = toEditorDoc(result, () => `s${++n}`);
    const text = (t: string) => [{ type: "text", text: t }];
    expect(doc).toEqual({
      type: "doc",
      content: [
        { type: "paragraph", content: text("讲话稿") },
        { type: "paragraph", content: text("同志们：") },
        { type: "heading", attrs: { level: 1, sid: "s1" }, content: text("总体要求") },
        { type: "paragraph", content: text("正文一") },
        { type: "heading", attrs: { level: 2, sid: "s2" }, content: text("坚持党的领导") },
        { type: "paragraph", content: text("正文二") },
        { type: "paragraph" },
        { type: "heading", attrs: { level: 3, sid: "s3" }, content: text("学习") },
        { type: "heading", attrs: { level: 1, sid: "s4" }, content: text("结语") },
      ],
    });
    expect("content" in (doc.content[6] ?? {})).toBe(false);
  });
});
