import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { closeTestDatabase, useTestDatabase } from "../../test/db";
import { sessionFor } from "../../test/factories";
import { commentsFixture, SECTIONS, type CommentsFixture } from "../comments/test-fixture";
import { mentionToken } from "@/lib/comments/text";
import { attachment, fileTitle, registerFile } from "./register";

// 意见采纳情况 downloads (the service behind GET /api/drafts/<id>/register): the same rows
// and policy as comments.register, as a CSV a spreadsheet opens safely and a real .docx.

let db: Db;
let f: CommentsFixture;
let adopted = "";
let internal = "";

beforeAll(async () => {
  db = useTestDatabase();
  f = await commentsFixture(db, { names: { b: "乙委员" } });
  const b = await f.as(f.people.b);
  const owner = await f.as(f.people.owner);
  adopted = (await b.comments.create({ draftId: f.draft.id, sid: SECTIONS.two, body: `建议补充数据来源，${mentionToken(f.people.c.id, "丙")}也同意。\n第二段` })).threadId;
  await owner.comments.setDisposition({ draftId: f.draft.id, threadId: adopted, disposition: "PARTLY_ADOPTED", reason: "已补充部分来源" });
  await b.comments.create({ draftId: f.draft.id, sid: SECTIONS.one, body: '=HYPERLINK("http://evil.example","点我")' });
  const gone = await b.comments.create({ draftId: f.draft.id, sid: SECTIONS.one, body: "撤回的意见" });
  await b.comments.delete({ draftId: f.draft.id, commentId: gone.commentId });
  internal = (await b.comments.create({ draftId: f.draft.id, sid: SECTIONS.three, body: "内部意见", visibility: "INTERNAL" })).threadId;
});
afterAll(closeTestDatabase);

const file = async (who: keyof CommentsFixture["people"], format: string, locale: "zh-CN" | "en" = "zh-CN") =>
  registerFile({ db, actor: await sessionFor(db, f.people[who].id), draftId: f.draft.id, format, locale });

describe("register downloads", () => {
  it("CSV: BOM, CRLF, one row per visible thread, formulas inert, deleted comments marked", async () => {
    const csv = await file("owner", "csv");
    expect(csv.contentType).toBe("text/csv; charset=utf-8");
    const text = csv.body.toString("utf8");
    expect(text.startsWith("\ufeff序号,章节,提出人,意见内容,提出时间,状态,采纳情况,理由或说明\r\n")).toBe(true);
    // Mention names as the database has them (the token said 丙).
    expect(text).toContain(`"建议补充数据来源，@${f.people.c.name}也同意。\n第二段"`);
    expect(text).toContain("（一）主要任务,乙委员");
    expect(text).toContain(",部分采纳,已补充部分来源\r\n");
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(text).not.toMatch(/,=HYPERLINK/);
    expect(text).toContain("（该意见已删除）");
    expect(text).toContain("内部意见"); // the owner reads internal threads
    expect(text.split("\r\n").filter(Boolean)).toHaveLength(1 + 4);
  });

  it("follows the same visibility: an editor's file has no internal thread", async () => {
    const text = (await file("editor", "csv")).body.toString("utf8");
    expect(text).not.toContain("内部意见");
    expect(text).toContain("部分采纳");
  });

  it(".docx: a real document whose table mammoth reads back", async () => {
    const docx = await file("viewer", "docx");
    expect(docx.contentType).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(docx.body.subarray(0, 2).toString()).toBe("PK");
    const { value: html } = await mammoth.convertToHtml({ buffer: docx.body });
    expect(html).toContain("<table>");
    expect(html).toContain("（一）主要任务");
    expect(html).toContain("乙委员");
    expect(html).toContain("部分采纳");
    expect(html).toContain("已补充部分来源");
    expect(html).toContain(f.draft.title);
    expect(html).not.toContain("内部意见");
  });

  it("names the file 意见采纳情况-<标题> with an RFC 5987 filename*", async () => {
    const docx = await file("owner", "docx");
    expect(docx.fileName).toBe(`意见采纳情况-${f.draft.title}.docx`);
    expect(docx.contentDisposition).toBe(`attachment; filename="register.docx"; filename*=UTF-8''${encodeURIComponent(docx.fileName)}`);
    expect(fileTitle('关于/“数字经济”\\报告:*?"<>|\u0000')).toBe("关于 “数字经济” 报告");
    expect(fileTitle("...")).toBe("draft");
    expect(attachment("a'(b)*.csv", "x.csv")).toBe(`attachment; filename="x.csv"; filename*=UTF-8''a%27%28b%29%2A.csv`);
    expect((await file("owner", "csv", "en")).fileName).toBe(`Register of dispositions-${f.draft.title}.csv`);
  });

  it("is NOT_FOUND for someone who cannot read the draft, BAD_REQUEST for an unknown format", async () => {
    await expect(file("outsider", "docx")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(file("owner", "pdf")).rejects.toMatchObject({ code: "BAD_REQUEST", messageKey: "comments.export.badFormat" });
    expect(internal).not.toBe("");
  });

  it("records who downloaded the register, in which format and from where; a refused download records nothing", async () => {
    const actor = await sessionFor(db, f.people.viewer.id);
    const before = await db.auditEvent.count({ where: { type: "register.exported", targetId: f.draft.id } });
    await registerFile({ db, actor, draftId: f.draft.id, format: "csv", locale: "zh-CN", meta: { ip: "10.0.0.7", userAgent: "测试浏览器" } });
    const e = await db.auditEvent.findFirstOrThrow({ where: { type: "register.exported", targetId: f.draft.id }, orderBy: { id: "desc" } });
    expect(e).toMatchObject({ actorId: f.people.viewer.id, targetType: "Draft", ip: "10.0.0.7", userAgent: "测试浏览器" });
    expect(e.data).toMatchObject({ format: "csv" });
    await expect(file("outsider", "csv")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(file("owner", "pdf")).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.auditEvent.count({ where: { type: "register.exported", targetId: f.draft.id } })).toBe(before + 1);
  });
});
