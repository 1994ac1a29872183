import { describe, expect, it } from "vitest";
import { parseMarkdownText } from "./markdown";
import {
  detectFurniture,
  guessTitle,
  isSalutation,
  parseFurnitureChoice,
  removeLines,
  withoutFurniture,
} from "./furniture";
import { parseOutlineText } from "./outline";
import { toOutlineJson } from "./serialize";
import type { FurnitureReason, ImportResult } from "./types";
import { fixtureText } from "./fixtures/tree";

const flagged = (result: ImportResult) => (result.furniture ?? []).map((f) => [f.text, f.reason] as const);
const allLines = (result: ImportResult) => (result.furniture ?? []).map((f) => f.line);
/** Every paragraph of the result in reading order, headings included. */
const paragraphs = (result: ImportResult): string[] => {
  const out = [...result.opening];
  const visit = (s: ImportResult["sections"][number]) => {
    out.push(s.title, ...s.body);
    s.children.forEach(visit);
  };
  result.sections.forEach(visit);
  return out;
};

const withoutLineNumbers = (r: ImportResult) => ({ ...r, furniture: r.furniture?.map(({ line: _, ...f }) => f) });

const CPPCC_OUTLINE = [
  {
    title: "过去一年的工作回顾",
    level: 1,
    children: [
      { title: "政治引领有新亮点", level: 2, children: [] },
      { title: "协商议政有新成效", level: 2, children: [] },
    ],
  },
  {
    title: "今年的重点任务",
    level: 1,
    children: [
      { title: "聚焦高质量发展", level: 2, children: [] },
      { title: "加强委员队伍建设", level: 2, children: [] },
    ],
  },
];

describe("a 政协 site page (breadcrumb, 发布时间, title repeated, 相关阅读, copyright)", () => {
  const text = fixtureText("web-cppcc.txt");
  const result = parseOutlineText(text);

  it("flags the page furniture, and only it", () => {
    expect(flagged(result)).toEqual<Array<readonly [string, FurnitureReason]>>([
      ["在全区政协工作会议上的讲话_××区政协网", "repeatedTitle"],
      ["当前位置：首页 > 新闻中心 > 领导讲话", "breadcrumb"],
      ["发布时间：2026-03-01 09:30　　来源：区政协办公室　　作者：办公室　　浏览次数：1268　　字号：大 中 小", "meta"],
      ["分享到：", "tools"],
      ["【打印本页】　　【关闭窗口】", "tools"],
      ["上一篇：区政协召开主席会议", "related"],
      ["下一篇：关于开展2026年度委员履职培训的通知", "related"],
      ["相关阅读", "related"],
      ["区政协召开十五届三次常委会议 2026-02-26", "related"],
      ["区政协主席会议专题协商老旧小区改造 2026-02-20", "related"],
      ["关于征集2026年度重点提案线索的通知 2026-02-12", "related"],
      ["版权所有：中国人民政治协商会议××市××区委员会", "copyright"],
      ["主办单位：政协××区委员会办公室　　技术支持：××信息科技有限公司", "copyright"],
      ["京ICP备12345678号-1　京公网安备 11010502000001号", "copyright"],
    ]);
  });

  it("keeps every flagged line in the result until the person chooses (nothing lost)", () => {
    const all = paragraphs(result);
    for (const f of result.furniture ?? []) expect(all).toContain(f.text);
    expect(toOutlineJson(result)).toEqual(CPPCC_OUTLINE);
  });

  it("guesses the article title: the line before 同志们：, the page title counted once", () => {
    expect(guessTitle(result)).toBe("在全区政协工作会议上的讲话");
  });

  it("without the furniture: the opening is title, salutation, preamble; the last body ends with the speech", () => {
    const clean = withoutFurniture(result, allLines(result));
    expect(clean.furniture).toBeUndefined();
    expect(clean.opening).toEqual([
      "在全区政协工作会议上的讲话",
      "同志们：",
      "今天召开全区政协工作会议，主要任务是总结去年工作，部署今年任务。",
    ]);
    expect(clean.sections[1]?.children[1]?.body).toEqual([
      "委员履职情况要有据可查、来源可溯，做到履职档案全覆盖。",
      "同志们，让我们凝心聚力、担当作为，为全区高质量发展作出新的更大贡献！",
    ]);
    expect(toOutlineJson(clean)).toEqual(CPPCC_OUTLINE);
  });

  it("pasted text with the lines removed parses to the same draft as removing them from the result", () => {
    const reparsed = parseOutlineText(removeLines(text, result.furniture ?? []));
    expect(reparsed).toEqual(withoutFurniture(result, allLines(result)));
  });

  it("lines the person keeps stay, at their place; the others go", () => {
    const keep = new Set(["相关阅读", "版权所有：中国人民政治协商会议××市××区委员会"]);
    const chosen = (result.furniture ?? []).filter((f) => !keep.has(f.text));
    const remove = chosen.map((f) => f.line);
    const partial = withoutFurniture(result, remove);
    expect(partial.opening[0]).toBe("在全区政协工作会议上的讲话");
    const body = partial.sections[1]?.children[1]?.body ?? [];
    expect(body.slice(-2)).toEqual(["相关阅读", "版权所有：中国人民政治协商会议××市××区委员会"]);
    // The kept lines are still listed, with positions that match the smaller result.
    expect(partial.furniture?.map((f) => body[f.at.index])).toEqual([...keep]);
    // Re-parsed, the kept lines have new line numbers (they count in the shorter text).
    const reparsed = parseOutlineText(removeLines(text, chosen));
    expect(withoutLineNumbers(reparsed)).toEqual(withoutLineNumbers(partial));
  });
});

describe("a 范文 site page (小编 intro, nav menu, 相关推荐, 侵权 notice)", () => {
  const result = parseOutlineText(fixtureText("web-fanwen.txt"));

  it("flags the furniture, the earlier of two identical titles, the 小编 lines at both ends", () => {
    expect(flagged(result)).toEqual<Array<readonly [string, FurnitureReason]>>([
      ["范文大全 | 讲话稿 | 工作报告 | 调研报告 | 心得体会", "breadcrumb"],
      ["您现在的位置：第一范文网 > 讲话稿 > 政协讲话", "breadcrumb"],
      ["政协委员座谈会上的讲话稿", "repeatedTitle"],
      ["时间：2026-02-18 10:21:35　作者：佚名　点击：", "meta"],
      ["下面是小编为大家整理的政协委员座谈会上的讲话稿，供大家参考。", "intro"],
      ["以上就是小编为大家整理的政协委员座谈会上的讲话稿，希望对大家有所帮助。", "intro"],
      ["相关推荐：", "related"],
      ["· 政协主席在全体会议闭幕时的讲话", "related"],
      ["· 2026年政协工作要点范文", "related"],
      ["· 委员履职工作总结", "related"],
      ["本文来源于网络，如有侵权请联系删除。", "copyright"],
      ["Copyright © 2012-2026 第一范文网 All Rights Reserved. 备案号：苏ICP备12345678号", "copyright"],
    ]);
  });

  it("guesses the title before 各位委员、同志们：", () => {
    expect(guessTitle(result)).toBe("政协委员座谈会上的讲话稿");
    const clean = withoutFurniture(result, allLines(result));
    expect(clean.opening).toEqual([
      "政协委员座谈会上的讲话稿",
      "各位委员、同志们：",
      "今天，我们召开政协委员座谈会，听取大家对今年工作的意见建议。",
    ]);
    expect(clean.sections.at(-1)?.body).toEqual(["希望各位委员珍惜荣誉、不负重托。"]);
  });
});

describe("clean documents: nothing flagged", () => {
  it.each(["speech.txt", "work-report.txt", "plain.txt", "charter.txt", "research-clean.txt", "notice-clean.txt"])(
    "%s",
    (name) => {
      expect(parseOutlineText(fixtureText(name)).furniture).toBeUndefined();
    },
  );

  it("outline.md (markdown)", () => {
    expect(parseMarkdownText(fixtureText("outline.md")).furniture).toBeUndefined();
  });

  it("prose that mentions 时间, 来源, 作者, 版权, 小结 or 分享 is body text", () => {
    const text = [
      "关于加强委员履职的意见",
      "一、总体要求",
      "时间：2025年全年，全区新增养老床位一千二百张。",
      "来源：区民政局统计，全区养老机构入住率为百分之六十二。",
      "发布时间是下周一，来源渠道要多样，作者要署真名。",
      "要加强知识产权保护，依法维护著作权人版权所有的各项权益。",
      "下面是我为大家准备的几点意见。",
      "二、分享经验",
      "分享到各街道的经验要及时总结。",
      "以上是我给大家分享的几点体会。",
    ].join("\n");
    expect(parseOutlineText(text).furniture).toBeUndefined();
  });

  it("a notice's own 时间：/地点：/主办单位： lines and its signature are not furniture", () => {
    const text = [
      "关于召开委员培训会的通知",
      "时间：2026年3月10日上午9:00",
      "地点：区政协三楼会议室",
      "主办单位：区政协办公室",
      "请准时参加。",
      "政协××区委员会办公室",
      "2026年3月1日",
    ].join("\n");
    expect(parseOutlineText(text).furniture).toBeUndefined();
  });

  it("short closing lines without a 相关阅读 marker stay (signature, date, a last heading)", () => {
    const text = ["在会上的讲话", "同志们：", "一、工作回顾", "要总结经验。", "二、下步打算", "谢谢大家！", "政协××区委员会", "2026年3月1日", "版权所有 © 政协××区委员会"].join("\n");
    expect(flagged(parseOutlineText(text))).toEqual([["版权所有 © 政协××区委员会", "copyright"]]);
  });
});

describe("related links", () => {
  it("numbered links after 相关阅读 stay body paragraphs, not sections", () => {
    const r = parseOutlineText(["关于加强委员履职的意见", "一、总体要求", "要坚持党的领导。", "二、主要任务", "要提高履职能力。", "相关阅读", "1. 关于开展委员履职培训的通知", "2. 关于召开主席会议的通知"].join("\n"));
    expect(toOutlineJson(r)).toEqual([
      { title: "总体要求", level: 1, children: [] },
      { title: "主要任务", level: 1, children: [] },
    ]);
    expect(r.sections[1]?.body).toEqual(["要提高履职能力。", "相关阅读", "1. 关于开展委员履职培训的通知", "2. 关于召开主席会议的通知"]);
    expect(flagged(r).map(([, reason]) => reason)).toEqual(["related", "related", "related"]);
  });

  it("a trailing run of dated links without a marker, and a site-suffixed page title", () => {
    const r = parseOutlineText(
      [
        "在区政协常委会上的讲话 - 中国政协网",
        "在区政协常委会上的讲话",
        "（2026年2月26日）",
        "各位常委：",
        "今天的会议很重要。",
        "一、统一思想",
        "以上是我给大家分享的几点体会。",
        "[02-26] 区政协召开主席会议专题研究提案工作",
        "[02-20] 区政协领导赴街道调研基层协商",
        "委员工作室建设推进会召开 2026-02-18",
      ].join("\n"),
    );
    expect(flagged(r)).toEqual([
      ["在区政协常委会上的讲话 - 中国政协网", "repeatedTitle"],
      ["[02-26] 区政协召开主席会议专题研究提案工作", "related"],
      ["[02-20] 区政协领导赴街道调研基层协商", "related"],
      ["委员工作室建设推进会召开 2026-02-18", "related"],
    ]);
    expect(guessTitle(r)).toBe("在区政协常委会上的讲话");
  });
});

describe("guessTitle", () => {
  const title = (text: string) => guessTitle(parseOutlineText(text));

  it("the line before the salutation, past a speaker line and a date", () => {
    expect(title("区政协网\n在全区政协工作会议上的讲话\n区政协主席  张某某\n（2026年3月1日）\n各位领导、同志们：\n今天召开会议。")).toBe(
      "在全区政协工作会议上的讲话",
    );
  });

  it("without a salutation: the title line before the first section heading, past a preamble sentence", () => {
    expect(title("区政协网\n首页 > 调研成果\n关于养老服务的调研报告\n区政协社会法制委\n根据年度计划开展调研。\n一、基本情况\n正文。")).toBe(
      "关于养老服务的调研报告",
    );
  });

  it("no salutation, no headings: the first title-like line that is not furniture", () => {
    expect(title("当前位置：首页 > 通知公告\n关于召开主席会议的通知\n定于下周一召开主席会议。")).toBe("关于召开主席会议的通知");
  });

  it("none when the opening is all sentences", () => {
    expect(title("今天召开会议。\n一、工作回顾")).toBeNull();
  });

  it("recognises salutations, not other colon lines", () => {
    for (const s of ["同志们：", "各位委员：", "各位领导、同志们：", "尊敬的主席、各位委员：", "委员们、同志们：", "女士们、先生们："]) {
      expect(isSalutation(s), s).toBe(true);
    }
    for (const s of ["主要做法有：", "发布时间：", "当前位置：首页", "现将有关事项通知如下："]) {
      expect(isSalutation(s), s).toBe(false);
    }
  });
});

describe("removeLines and the create field", () => {
  it("counts non-blank lines the way parseOutlineText does (CRLF, blank and space-only lines)", () => {
    const lines = [
      { line: 1, text: "乙" },
      { line: 3, text: "丁" },
    ];
    expect(removeLines("甲\r\n\r\n乙\n\u3000\n丙\u2028丁", lines)).toBe("甲\n\n\u3000\n丙");
    expect(removeLines("甲\n乙", [])).toBe("甲\n乙");
  });

  it("numbers lines as the server does after dropping control characters", () => {
    const text = "标题\n\u0001\n分享到：\n同志们：\n区政协召开会议\n正文。\n相关阅读\n区政协召开会议";
    const server = parseOutlineText(text.replace(/\u0001/gu, ""));
    expect(server.furniture?.map((f) => [f.line, f.text])).toEqual([
      [1, "分享到："],
      [5, "相关阅读"],
      [6, "区政协召开会议"],
    ]);
    expect(removeLines(text, server.furniture ?? [])).toBe("标题\n\u0001\n同志们：\n区政协召开会议\n正文。");
  });

  it("falls back to the text, after the previous match, when a number does not match", () => {
    const text = "区政协召开会议\n正文。\n相关阅读\n区政协召开会议";
    const shifted = [
      { line: 7, text: "相关阅读" },
      { line: 9, text: "区政协召开会议" },
    ];
    expect(removeLines(text, shifted)).toBe("区政协召开会议\n正文。");
    // A line whose text is nowhere stays where it is.
    expect(removeLines("甲\n乙", [{ line: 0, text: "丙" }])).toBe("甲\n乙");
  });

  it("withoutFurniture ignores lines that were not flagged", () => {
    const r = parseOutlineText("标题\n同志们：\n正文。");
    expect(withoutFurniture(r, [0, 1, 2])).toBe(r);
  });

  it("parses the removeFurniture field strictly", () => {
    expect(parseFurnitureChoice("")).toEqual([]);
    expect(parseFurnitureChoice(" 3,4,17 ")).toEqual([3, 4, 17]);
    for (const bad of ["3,,4", "-1", "a", "1.5", "3, 4", "1".repeat(8)]) expect(parseFurnitureChoice(bad), bad).toBeNull();
  });
});

describe("limits", () => {
  // No wall-clock assertion (a busy machine is not a slow algorithm): a quadratic scan of
  // 100,000 lines is ~10^10 steps and cannot finish inside the 30 s test timeout.
  it("stays linear on 100,000 short lines and on long lines", { timeout: 30_000 }, () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => ({ text: `链接标题${i % 97}`, heading: false }));
    detectFurniture(lines);
    detectFurniture([{ text: `发布时间：${" ".repeat(100_000)}`, heading: false }, { text: "来源：".repeat(50_000), heading: false }]);
    const r = parseOutlineText(`标题\n同志们：\n正文。\n相关阅读\n${"· 区政协召开会议\n".repeat(50_000)}`);
    expect(r.furniture).toHaveLength(50_001);
    expect(withoutFurniture(r, allLines(r)).opening).toEqual(["标题", "同志们：", "正文。"]);
  });
});
