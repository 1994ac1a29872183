import { describe, expect, it } from "vitest";
import { parseOutlineText } from "./outline";
import { toOutlineJson } from "./serialize";
import { ImportError } from "./types";
import { fixtureText, sec } from "./fixtures/tree";

const outline = (text: string) => toOutlineJson(parseOutlineText(text));

describe("parseOutlineText on fixtures", () => {
  it("speech: 同志们 opening, 一、 headings, run-in （一） with mixed brackets", () => {
    expect(parseOutlineText(fixtureText("speech.txt"))).toEqual({
      opening: [
        "在区政协十五届三次会议闭幕会上的讲话",
        "（2025年1月10日）",
        "同志们：",
        "区政协十五届三次会议，在区委的坚强领导下，经过全体委员的共同努力，圆满完成了各项议程，就要闭幕了。",
      ],
      sections: [
        sec(
          "充分肯定过去一年的工作成绩",
          1,
          ["过去一年，区政协坚持以习近平新时代中国特色社会主义思想为指导，围绕中心、服务大局，各项工作取得新进展。"],
          [
            sec("政治引领有新亮点", 2, ["全年组织委员集中学习12次，开展“委员讲堂”活动8场，参与人数达1.5万人次。"]),
            sec("协商议政有新成效", 2, ["围绕老旧小区改造、养老服务体系建设等议题开展专题协商，形成协商报告6篇。"]),
            sec("民主监督有新突破", 2, ["聚焦营商环境优化，组织委员开展监督性视察4次。"]),
          ],
        ),
        sec(
          "准确把握新形势下政协工作的新要求",
          1,
          ["当前，我区正处于转型发展的关键时期，政协工作面临新的机遇和挑战。"],
          [
            sec("坚持党的全面领导", 2, ["要始终把坚持党的领导作为政协工作的根本原则。"]),
            sec("坚持人民至上", 2, ["要把增进人民福祉作为履职的出发点和落脚点。"]),
          ],
        ),
        sec("奋力开创新时代政协工作新局面", 1, [
          "同志们，新的一年，让我们更加紧密地团结在以习近平同志为核心的党中央周围，凝心聚力、担当作为，为奋力谱写中国式现代化区域篇章作出新的更大贡献！",
        ]),
      ],
    });
  });

  it("work report: four levels, false-positive guards, enumerations stay body", () => {
    expect(parseOutlineText(fixtureText("work-report.txt"))).toEqual({
      opening: [
        "政协××区委员会常务委员会工作报告",
        "——2025年1月8日在政协××区第十五届委员会第三次会议上",
        "各位委员：",
        "现在，我代表政协××区委员会常务委员会，向大会报告工作，请予审议。",
      ],
      sections: [
        sec("2024年工作回顾", 1, [], [
          sec("坚持政治引领，筑牢思想根基", 2, [], [
            sec("深化理论学习", 3, [
              "常委会坚持把学习贯彻党的二十届三中全会精神作为首要政治任务，举办专题读书班3期。",
            ]),
            sec("健全学习制度", 3, ["修订完善《常委会集体学习制度》，建立委员学习档案。"], [
              sec("开展“学习周”活动，全年共计4次", 4),
              sec("组织委员赴先进地区学习考察", 4, [
                "2024年，常委会组织委员赴长三角地区考察学习，形成考察报告2篇。",
                "主要收获有三：",
                "1、理念得到更新；",
                "2、视野得到拓宽；",
                "3、方法得到改进。",
                "全区地区生产总值增长5.2%，其中：",
                "3.5%来自新兴产业。",
              ]),
            ]),
          ]),
          sec("聚焦中心大局，提升协商质效", 2, [], [
            sec("精心组织专题协商", 3, [
              "围绕优化营商环境开展专题议政性常委会会议，提出意见建议23条，多数被区委区政府采纳并转化为具体政策措施。",
              // run-in title would exceed 40 chars → numbered body paragraph
              "2. 今年我们围绕城市更新、乡村振兴、基层治理、生态环境保护等重点领域先后组织开展了一系列调查研究活动，形成了较高质量的调研成果。此外还有其他工作。",
              // 62 chars, no 。 → numbered body paragraph
              "3. 围绕群众急难愁盼问题深入基层一线开展走访调研活动并形成一批高质量的社情民意信息报送有关部门参阅办理，推动一批民生实事落地见效",
            ]),
          ]),
        ]),
        // "1) …" is the （1） style, so it stays level 4 even directly under a level-1 heading.
        sec("2025年工作安排", 1, ["2025年是“十四五”规划收官之年。常委会将重点做好以下工作："], [
          sec("加强思想政治建设", 4),
          sec("提高协商议政质量", 4),
        ]),
      ],
    });
  });

  it("no numbering at all: everything is opening, no sections", () => {
    expect(parseOutlineText(fixtureText("plain.txt"))).toEqual({
      opening: [
        "关于进一步加强委员履职管理的通知",
        "各专门委员会、各界别召集人：",
        "为进一步规范委员履职行为，提高履职实效，现就有关事项通知如下。",
        "请各专门委员会结合实际认真贯彻落实。2024年度履职情况将于年底前汇总通报。",
        "政协××区委员会办公室",
        "2025年2月20日",
      ],
      sections: [],
    });
  });

  it("第一章/第一节: sections are level 2 under chapters; 第一条 stays body", () => {
    expect(parseOutlineText(fixtureText("charter.txt"))).toEqual({
      opening: ["政协××区委员会委员履职工作规则"],
      sections: [
        sec("总则", 1, ["第一条　为规范委员履职，根据《中国人民政治协商会议章程》，制定本规则。"]),
        sec("履职内容", 1, [], [
          sec("参加会议", 2, ["第二条　委员应当按时出席全体会议和有关会议。"]),
          sec("提交提案", 2, ["第三条　委员应当围绕全区中心工作提出提案。"]),
        ]),
        sec("附则", 1),
        sec("补充规定", 1, ["第十二条　本规则自印发之日起施行。"]),
      ],
    });
  });
});

describe("level normalisation by the styles present", () => {
  it("（一） without 一、 becomes level 1, 1. level 2", () => {
    expect(outline("（一）加强学习\n1. 集中学习\n（二）深入调研")).toEqual([
      { title: "加强学习", level: 1, children: [{ title: "集中学习", level: 2, children: [] }] },
      { title: "深入调研", level: 1, children: [] },
    ]);
  });

  it("only （1） items → level 1", () => {
    expect(outline("（1）第一项\n(2)第二项")).toEqual([
      { title: "第一项", level: 1, children: [] },
      { title: "第二项", level: 1, children: [] },
    ]);
  });

  it("第一节 without chapters is level 1; 一、 ranks below 节", () => {
    expect(outline("第一节 调研安排\n一、时间\n二、地点\n第二节 工作要求")).toEqual([
      {
        title: "调研安排",
        level: 1,
        children: [
          { title: "时间", level: 2, children: [] },
          { title: "地点", level: 2, children: [] },
        ],
      },
      { title: "工作要求", level: 1, children: [] },
    ]);
  });

  it("chapters above 一、: 章 > 一、 > （一）", () => {
    expect(outline("第一章 总体要求\n一、指导思想\n（一）坚持党的领导")).toEqual([
      {
        title: "总体要求",
        level: 1,
        children: [
          {
            title: "指导思想",
            level: 2,
            children: [{ title: "坚持党的领导", level: 3, children: [] }],
          },
        ],
      },
    ]);
  });

  it("with five styles present, the fifth stays body text with its numbering", () => {
    const r = parseOutlineText("第一章 总则\n一、目的\n（一）范围\n1. 对象\n（1）委员\n（2）工作人员");
    expect(toOutlineJson(r)).toEqual([
      {
        title: "总则",
        level: 1,
        children: [
          {
            title: "目的",
            level: 2,
            children: [
              { title: "范围", level: 3, children: [{ title: "对象", level: 4, children: [] }] },
            ],
          },
        ],
      },
    ]);
    expect(r.sections[0]?.children[0]?.children[0]?.children[0]?.body).toEqual(["（1）委员", "（2）工作人员"]);
  });

  it("a skipped level keeps its style's level and nests under the nearest shallower heading", () => {
    expect(outline("一、总体情况\n（一）学习\n二、问题\n1. 统筹不够")).toEqual([
      { title: "总体情况", level: 1, children: [{ title: "学习", level: 2, children: [] }] },
      { title: "问题", level: 1, children: [{ title: "统筹不够", level: 3, children: [] }] },
    ]);
  });
});

describe("line handling", () => {
  it("trims ASCII/full-width/zero-width spaces, handles CRLF, drops blank lines", () => {
    expect(parseOutlineText("\uFEFF标题\r\n\r\n\u3000\u3000一、\u3000总体要求\u200b\r\n\t正文。 \r\n")).toEqual({
      opening: ["标题"],
      sections: [sec("总体要求", 1, ["正文。"])],
    });
  });

  it("a line of only numbering is not a heading", () => {
    expect(parseOutlineText("一、\n（一）\n1.\n正文")).toEqual({
      opening: ["一、", "（一）", "1.", "正文"],
      sections: [],
    });
  });

  it("numbering in the middle of a line is not a heading", () => {
    expect(parseOutlineText("主要做法有：1. 加强学习")).toEqual({
      opening: ["主要做法有：1. 加强学习"],
      sections: [],
    });
  });

  it("an enumeration's closing item after ；-items stays body, the next item is a heading again", () => {
    expect(parseOutlineText("一、问题\n1. 调研不深；\n2. 转化不够。\n3. 下一步打算")).toEqual({
      opening: [],
      sections: [sec("问题", 1, ["1. 调研不深；", "2. 转化不够。"], [sec("下一步打算", 2)])],
    });
  });
});

describe("web-page furniture", () => {
  it("a pasted 政协 page: furniture is listed with its place and kept, as body paragraphs", () => {
    const r = parseOutlineText(fixtureText("web-cppcc.txt"));
    expect(r.opening.slice(0, 6)).toEqual([
      "在全区政协工作会议上的讲话_××区政协网",
      "当前位置：首页 > 新闻中心 > 领导讲话",
      "在全区政协工作会议上的讲话",
      "发布时间：2026-03-01 09:30　　来源：区政协办公室　　作者：办公室　　浏览次数：1268　　字号：大 中 小",
      "分享到：",
      "同志们：",
    ]);
    expect(r.furniture?.slice(0, 2)).toEqual([
      { line: 0, text: "在全区政协工作会议上的讲话_××区政协网", reason: "repeatedTitle", at: { path: [], index: 0 } },
      { line: 1, text: "当前位置：首页 > 新闻中心 > 领导讲话", reason: "breadcrumb", at: { path: [], index: 1 } },
    ]);
    const last = r.sections[1]?.children[1];
    expect(r.furniture?.at(-1)).toEqual({
      line: 25,
      text: "京ICP备12345678号-1　京公网安备 11010502000001号",
      reason: "copyright",
      at: { path: [1, 1], index: 11 },
    });
    expect(last?.body[11]).toBe("京ICP备12345678号-1　京公网安备 11010502000001号");
  });

  it("numbered links under 相关阅读 do not become sections or shift the levels", () => {
    const text = "（一）加强学习\n要坚持学习。\n（二）深入调研\n要深入基层。\n相关阅读\n一、关于开展委员履职培训的通知\n二、关于召开主席会议的通知";
    expect(outline(text)).toEqual([
      { title: "加强学习", level: 1, children: [] },
      { title: "深入调研", level: 1, children: [] },
    ]);
    expect(parseOutlineText(text).sections[1]?.body).toEqual([
      "要深入基层。",
      "相关阅读",
      "一、关于开展委员履职培训的通知",
      "二、关于召开主席会议的通知",
    ]);
  });

  it("a clean document has no furniture field at all", () => {
    expect(parseOutlineText(fixtureText("speech.txt"))).not.toHaveProperty("furniture");
  });
});

describe("limits", () => {
  // Quadratic trimming of 200,000 characters is ~10^10 steps: it cannot finish in the timeout.
  it("long runs of spaces or punctuation do not make trimming quadratic", { timeout: 30_000 }, () => {
    expect(parseOutlineText(`甲${" ".repeat(200_000)}乙`).opening).toHaveLength(1);
    expect(parseOutlineText(`一、${"。 ".repeat(100_000)}`).sections).toEqual([]);
  });

  it("throws EMPTY for empty or whitespace-only text", () => {
    for (const text of ["", "  \n\u3000\r\n\t", "\u200b"]) {
      expect(() => parseOutlineText(text)).toThrowError(expect.objectContaining({ code: "EMPTY" }));
    }
  });

  it("throws TOO_LONG over 500,000 characters of text, accepts exactly 500,000", () => {
    const line = "字".repeat(1000);
    expect(parseOutlineText(Array(500).fill(line).join("\n")).opening).toHaveLength(500);
    const tooLong = `${Array(500).fill(line).join("\n")}\n多`;
    const error = (() => {
      try {
        parseOutlineText(tooLong);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ code: "TOO_LONG", message: "文稿超过 50 万字，无法导入。" });
  });
});
