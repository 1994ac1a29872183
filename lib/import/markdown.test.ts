import { describe, expect, it } from "vitest";
import { inline, markdownToLines, parseMarkdownText } from "./markdown";
import { toOutlineJson } from "./serialize";
import { fixtureText, sec } from "./fixtures/tree";

const outline = (md: string) => toOutlineJson(parseMarkdownText(md));

describe("parseMarkdownText", () => {
  it("research report fixture: # title to opening, numbered ## / ###, markup stripped", () => {
    expect(parseMarkdownText(fixtureText("outline.md"))).toEqual({
      opening: [
        "关于推进老旧小区改造的调研报告",
        "区政协城建委员会 2025年3月",
        "为深入了解我区老旧小区改造情况，城建委员会组织委员开展了专题调研。",
      ],
      sections: [
        sec("基本情况", 1, ["全区共有老旧小区 126 个，涉及居民 3.2万户。"], [
          sec("改造进展", 2, ["已完成改造 58 个", "正在施工 30 个"]),
          sec("资金保障", 2, [], [sec("区级财政安排专项资金 2.3 亿元", 3)]),
        ]),
        sec("存在的问题", 1, [], [
          sec("统筹协调不够", 3),
          // fenced code is body text even when it looks like a heading
          sec("居民参与不足", 3, ["附表：改造清单（略）", "## 不是标题"]),
        ]),
        // "## 结语" has no numbering: same depth as "## 一、" → same level
        sec("结语", 1, ["调研组"]),
      ],
    });
  });

  it("headings without numbering rank by # depth", () => {
    expect(outline("# 报告\n## 背景\n### 现状\n## 建议")).toEqual([
      { title: "背景", level: 1, children: [{ title: "现状", level: 2, children: [] }] },
      { title: "建议", level: 1, children: [] },
    ]);
  });

  it("several # headings are sections, not a document title", () => {
    expect(outline("# 上篇\n正文\n# 下篇")).toEqual([
      { title: "上篇", level: 1, children: [] },
      { title: "下篇", level: 1, children: [] },
    ]);
  });

  it("a lone # title with no other heading leaves no sections", () => {
    expect(parseMarkdownText("# 会议纪要\n\n会议听取了汇报。")).toEqual({
      opening: ["会议纪要", "会议听取了汇报。"],
      sections: [],
    });
  });

  it("unnumbered heading deeper than numbered ones slots between styles", () => {
    // "### 小结" (depth 3) sits below "## 一、" (depth 2) and above the （一） paragraphs.
    expect(outline("## 一、情况\n### 小结\n（一）具体问题")).toEqual([
      {
        title: "情况",
        level: 1,
        children: [
          { title: "小结", level: 2, children: [{ title: "具体问题", level: 3, children: [] }] },
        ],
      },
    ]);
  });

  it("without numbered # headings, # structure outranks numbered paragraphs", () => {
    expect(outline("# 第一部分\n一、要点\n# 第二部分")).toEqual([
      { title: "第一部分", level: 1, children: [{ title: "要点", level: 2, children: [] }] },
      { title: "第二部分", level: 1, children: [] },
    ]);
  });

  it("a # heading is a heading regardless of length or run-in punctuation", () => {
    const long = "坚".repeat(100);
    expect(outline(`## 一、${long}\n## 二、要点。不拆分`)).toEqual([
      { title: long, level: 1, children: [] },
      { title: "要点。不拆分", level: 1, children: [] },
    ]);
  });

  it("bold numbered lines, list markers and blockquotes behave like plain lines", () => {
    expect(outline("**一、总体要求**\n- （一）坚持党的领导。正文\n> 1. 学习")).toEqual([
      {
        title: "总体要求",
        level: 1,
        children: [
          { title: "坚持党的领导", level: 2, children: [{ title: "学习", level: 3, children: [] }] },
        ],
      },
    ]);
  });

  it("setext headings; thematic breaks dropped", () => {
    expect(parseMarkdownText("工作总结\n====\n一、成绩\n***\n二、不足\n---\n正文")).toEqual({
      opening: ["工作总结"],
      sections: [sec("成绩", 1), sec("不足", 1, ["正文"])],
    });
  });
});

describe("markdown helpers", () => {
  it("inline strips emphasis, code, links, images and HTML, keeps escapes literal", () => {
    expect(inline("**加粗** __粗__ *斜* ~~删~~ `代码` [链接](http://a) ![图](x.png) <br>")).toBe(
      "加粗 粗 斜 删 代码 链接 图 ",
    );
    expect(inline("1\\. 不是列表 \\*星号\\* 2 \\* 3")).toBe("1. 不是列表 *星号* 2 * 3");
  });

  it("markdownToLines marks heading depth and code", () => {
    expect(markdownToLines("### 三级 ###\n## 学习C#\n```\n# 代码\n```\n#不是标题")).toEqual([
      { text: "三级", headingDepth: 3 },
      { text: "学习C#", headingDepth: 2 },
      { text: "# 代码", forceBody: true },
      { text: "#不是标题" },
    ]);
  });
});

describe("pathological input stays fast (no regex backtracking blow-up)", () => {
  it.each([
    ["unclosed links", "[".repeat(100_000)],
    ["unclosed tags", "<a".repeat(100_000)],
    ["lone stars", "*a ".repeat(100_000)],
    ["bold markers", "甲**".repeat(100_000)],
    ["spaces", `# ${" ".repeat(200_000)}x`],
  ])("%s", { timeout: 30_000 }, (_, md) => {
    // Catastrophic backtracking on 100,000 characters does not end within the timeout.
    parseMarkdownText(md);
  });
});
