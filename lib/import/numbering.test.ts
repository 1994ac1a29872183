import { describe, expect, it } from "vitest";
import { matchNumbering, splitHeading } from "./numbering";

describe("matchNumbering", () => {
  it.each([
    ["一、总体要求", "cn", "总体要求"],
    ["十一、其他事项", "cn", "其他事项"],
    ["二十、附则", "cn", "附则"],
    ["九十九、最后一项", "cn", "最后一项"],
    ["三．主要任务", "cn", "主要任务"],
    ["（一）政治引领", "paren-cn", "政治引领"],
    ["(二)协商议政", "paren-cn", "协商议政"],
    ["（三)民主监督", "paren-cn", "民主监督"],
    ["(十二） 团结联谊", "paren-cn", "团结联谊"],
    ["1. 深化学习", "arabic", "深化学习"],
    ["2．健全制度", "arabic", "健全制度"],
    ["3、加强调研", "arabic", "加强调研"],
    ["１２．全角数字", "arabic", "全角数字"],
    ["1、2024年工作回顾", "arabic", "2024年工作回顾"],
    ["（1）开展活动", "paren-arabic", "开展活动"],
    ["(2）组织考察", "paren-arabic", "组织考察"],
    ["（３)全角", "paren-arabic", "全角"],
    ["1) 加强建设", "paren-arabic", "加强建设"],
    ["第一章　总则", "chapter", "总则"],
    ["第十一章补充规定", "chapter", "补充规定"],
    ["第3章 附则", "chapter", "附则"],
    ["第二节 提交提案", "section", "提交提案"],
    ["一、", "cn", ""],
  ])("%s → %s", (line, style, rest) => {
    expect(matchNumbering(line)).toEqual({ style, rest });
  });

  it.each([
    "2024年，我们坚持……", // years are not level 3
    "2024.5 以来",
    "1.5万人次参加",
    "3.14 是圆周率",
    "1.1 背景", // decimal outline numbering is left as text
    "123. 三位数不是标题编号",
    "一一、不是规范数字",
    "十十、不是规范数字",
    "一是坚持党的领导",
    "第一节课上，老师讲了……",
    "第一条 为规范委员履职",
    "（2025年1月10日）",
    "正文中的 1. 不在行首",
  ])("no numbering: %s", (line) => {
    expect(matchNumbering(line)).toBeNull();
  });
});

describe("splitHeading", () => {
  it("splits a run-in heading at the first 。", () => {
    expect(splitHeading("paren-cn", "政治引领有新亮点。全年组织学习12次。参与1.5万人次。")).toEqual({
      title: "政治引领有新亮点",
      runIn: "全年组织学习12次。参与1.5万人次。",
    });
  });

  it("does not split at ！？；, only at 。", () => {
    expect(splitHeading("paren-cn", "奋力开创新局面！为全区发展贡献力量")).toEqual({
      title: "奋力开创新局面！为全区发展贡献力量",
    });
  });

  it("treats a line ending in 。 with nothing after it as a plain heading", () => {
    expect(splitHeading("paren-cn", "坚持人民至上。")).toEqual({ title: "坚持人民至上" });
  });

  it("strips trailing 。 / ： / : from titles", () => {
    expect(splitHeading("cn", "主要做法：")).toEqual({ title: "主要做法" });
    expect(splitHeading("arabic", "下一步打算:")).toEqual({ title: "下一步打算" });
  });

  it("rejects numbering with nothing (or only punctuation) after it", () => {
    expect(splitHeading("cn", "")).toBeNull();
    expect(splitHeading("paren-cn", "。正文")).toBeNull();
  });

  it("rejects enumerated clauses ending in ；，、", () => {
    expect(splitHeading("arabic", "调研不够深入；")).toBeNull();
    expect(splitHeading("arabic", "一是学习，")).toBeNull();
  });

  it("1./（1）: over 60 chars without an early 。 is a numbered body paragraph", () => {
    const long = "围".repeat(61);
    expect(splitHeading("arabic", long)).toBeNull();
    expect(splitHeading("arabic", "围".repeat(60))).toEqual({ title: "围".repeat(60) });
    // 。 after char 40 with text after it: too long for a run-in title.
    expect(splitHeading("paren-arabic", `${"围".repeat(41)}。正文`)).toBeNull();
    expect(splitHeading("paren-arabic", `${"围".repeat(40)}。正文`)).toEqual({
      title: "围".repeat(40),
      runIn: "正文",
    });
    // A long line is still a heading when the run-in split succeeds.
    expect(splitHeading("arabic", `加强学习。${"正".repeat(80)}`)).toEqual({
      title: "加强学习",
      runIn: "正".repeat(80),
    });
  });

  it("一、/（一）: allow longer slogan-style titles (80 plain, 60 run-in)", () => {
    expect(splitHeading("cn", "坚".repeat(80))).toEqual({ title: "坚".repeat(80) });
    expect(splitHeading("cn", "坚".repeat(81))).toBeNull();
    expect(splitHeading("paren-cn", `${"坚".repeat(60)}。正文`)).toEqual({
      title: "坚".repeat(60),
      runIn: "正文",
    });
    expect(splitHeading("paren-cn", `${"坚".repeat(61)}。正文`)).toBeNull();
  });
});
