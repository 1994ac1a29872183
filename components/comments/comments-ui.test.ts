import { describe, expect, it } from "vitest";
import { mentionedUserIds, parseCommentText } from "@/lib/comments/text";
import { bodyFromReadable, mentionQueryAt, presentMentions, readableFromBody } from "./mention-text";
import { filterThreads, groupThreads, NO_FILTERS, type ThreadLike } from "./threads-view";

describe("composer mentions", () => {
  it("shows @名字 and sends the token of the person chosen", () => {
    const chosen = [{ id: "u1", name: "高雪" }];
    const body = bodyFromReadable("请@高雪 看一下", chosen);
    expect(body).toBe("请@[高雪](u:u1) 看一下");
    expect(mentionedUserIds(body)).toEqual(["u1"]);
    expect(parseCommentText(body)).toEqual([
      { type: "text", text: "请" },
      { type: "mention", userId: "u1", name: "高雪" },
      { type: "text", text: " 看一下" },
    ]);
  });

  it("a mention whose text was deleted is not sent", () => {
    const chosen = [{ id: "u1", name: "高雪" }];
    expect(bodyFromReadable("不提任何人", chosen)).toBe("不提任何人");
    expect(presentMentions("不提任何人", chosen)).toEqual([]);
  });

  it("prefers the longer of two names that share a start", () => {
    const chosen = [{ id: "a", name: "王建" }, { id: "b", name: "王建国" }];
    expect(bodyFromReadable("@王建国 和 @王建", chosen)).toBe("@[王建国](u:b) 和 @[王建](u:a)");
  });

  it("round-trips a stored body for editing, keeping tokens of same-named people", () => {
    const stored = "@[李明](u:a) 与 @[李明](u:b) 的意见";
    const { text, mentions } = readableFromBody(stored);
    expect(text).toBe("@李明 与 @[李明](u:b) 的意见");
    expect(bodyFromReadable(text, mentions)).toBe(stored);
  });

  it("suggests after @ even straight after a Chinese character, not in an e-mail address", () => {
    expect(mentionQueryAt("请@高", 3)).toEqual({ query: "高", start: 1 });
    expect(mentionQueryAt("@", 1)).toEqual({ query: "", start: 0 });
    expect(mentionQueryAt("mail me at a@b", 14)).toBeNull();
    expect(mentionQueryAt("@高雪 好", 5)).toBeNull();
  });
});

const t = (o: Partial<ThreadLike> & { id: string; sid: string }): ThreadLike => ({
  sectionTitle: "",
  detached: false,
  status: "OPEN",
  mine: false,
  mentionsMe: false,
  createdAt: new Date(2026, 0, 1),
  passage: null,
  ...o,
});

describe("margin filters and groups", () => {
  const threads = [
    t({ id: "1", sid: "b", mine: true, passage: { quote: "x" } }),
    t({ id: "2", sid: "a", status: "RESOLVED", mentionsMe: true }),
    t({ id: "3", sid: "gone", sectionTitle: "旧章节", detached: true }),
    t({ id: "4", sid: "b" }),
  ];
  const outline = [
    { sid: "a", label: "一、", title: "甲", pos: 0 },
    { sid: "b", label: "二、", title: "乙", pos: 10 },
  ];

  it("filters by status, mine, mentioning me and this section", () => {
    expect(filterThreads(threads, { ...NO_FILTERS, status: "open" }, null).map((x) => x.id)).toEqual(["1", "3", "4"]);
    expect(filterThreads(threads, { ...NO_FILTERS, status: "resolved" }, null).map((x) => x.id)).toEqual(["2"]);
    expect(filterThreads(threads, { ...NO_FILTERS, mine: true }, null).map((x) => x.id)).toEqual(["1"]);
    expect(filterThreads(threads, { ...NO_FILTERS, mentionsMe: true }, null).map((x) => x.id)).toEqual(["2"]);
    expect(filterThreads(threads, { ...NO_FILTERS, thisSection: true }, "b").map((x) => x.id)).toEqual(["1", "4"]);
  });

  it("groups in outline order, section comments before passages, detached last", () => {
    const g = groupThreads(threads, outline, new Map([["1", 12]]));
    expect(g.sections.map((s) => [s.label, s.threads.map((x) => x.id)])).toEqual([
      ["一、", ["2"]],
      ["二、", ["4", "1"]],
    ]);
    expect(g.detached.map((x) => x.id)).toEqual(["3"]);
  });

  it("a thread whose section left the live outline is detached at once; before the document loads the server decides", () => {
    expect(groupThreads(threads, [outline[1]!], new Map()).detached.map((x) => x.id)).toEqual(["2", "3"]);
    const before = groupThreads(threads, null, new Map());
    expect(before.detached.map((x) => x.id)).toEqual(["3"]);
    expect(before.sections.map((s) => s.sid)).toEqual(["b", "a"]);
  });
});
