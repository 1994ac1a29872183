import { describe, expect, it } from "vitest";
import { mentionedUserIds, mentionToken, normalizeMentions, parseCommentText, plainCommentText } from "./text";

describe("comment text", () => {
  it("finds mentions and renders them as segments, never as markup", () => {
    const body = `请${mentionToken("u1", "王建国")}和${mentionToken("u2", "陈红")}看一下 https://www.cppcc.gov.cn/a?b=1 。<img src=x onerror=alert(1)>`;
    expect(mentionedUserIds(body + mentionToken("u1", "王建国"))).toEqual(["u1", "u2"]);
    const segs = parseCommentText(body);
    expect(segs).toContainEqual({ type: "mention", userId: "u1", name: "王建国" });
    expect(segs).toContainEqual({ type: "link", href: "https://www.cppcc.gov.cn/a?b=1", text: "https://www.cppcc.gov.cn/a?b=1" });
    expect(segs.at(-1)).toEqual({ type: "text", text: " 。<img src=x onerror=alert(1)>" });
    expect(plainCommentText(body)).toContain("@王建国");
  });

  it("never turns javascript: into a link, and shows bidi overrides visibly", () => {
    const segs = parseCommentText("javascript:alert(1) 文\u202E字");
    expect(segs.every((s) => s.type === "text")).toBe(true);
    expect(segs.map((s) => (s.type === "text" ? s.text : "")).join("")).toBe("javascript:alert(1) 文⟦U+202E⟧字");
  });

  it("normalizes mention names from the server's list", () => {
    expect(normalizeMentions("@[冒充](u:u1) @[x](u:zz)", new Map([["u1", "王建国"]]))).toBe("@[王建国](u:u1) @[x](u:zz)");
  });
});
