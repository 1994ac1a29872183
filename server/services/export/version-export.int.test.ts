import { existsSync } from "node:fs";
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { closeTestDatabase, useTestDatabase } from "../../test/db";
import { sessionFor } from "../../test/factories";
import { compact, pdfPageTexts } from "../../test/pdf-text";
import { editSection, SIDS, signoffFixture, type SignoffFixture } from "../signoff/test-fixture";
import { versionExportFile } from "./version-export";

// Exporting real versions (the service behind GET /api/drafts/<id>/versions/<versionId>/export):
// a draft frozen, signed through the whole committee rule and final, then downloaded as .docx
// (read back by mammoth) and as PDF (printed by headless Chromium, its page text read back);
// the readers' policy; a version without a round; a version of another draft.

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PUBLIC = "https://xieshen.example.gov.cn";

let db: Db;
let f: SignoffFixture;
let v1: { versionId: string; number: number; hash: string };
let v2: { versionId: string; number: number; hash: string };
let otherDraftId = "";

beforeAll(async () => {
  db = useTestDatabase();
  f = await signoffFixture(db);
  const owner = await f.as(f.people.owner);
  await owner.signoff.setRule({ draftId: f.draft.id, ...f.committeeRule });
  v1 = await owner.versions.freeze({ draftId: f.draft.id, label: "送审稿", note: "" });
  const { roundId } = await owner.signoff.request({ draftId: f.draft.id, versionId: v1.versionId });
  const sign = async (who: keyof SignoffFixture["people"], comment = "") =>
    (await f.as(f.people[who])).signoff.sign({ draftId: f.draft.id, roundId, versionId: v1.versionId, hashSeen: v1.hash, decision: "APPROVE", comment });
  await sign("head", "同意，建议按期印发。");
  await sign("vice1");
  await sign("chair");
  // A second draft with a version that was never sent for sign-off.
  const other = await f.newDraft("另一份稿件");
  await editSection(db, { draftId: other.id, sid: SIDS.er, append: "又改了一句。", userId: f.people.owner.id });
  v2 = await owner.versions.freeze({ draftId: other.id, label: "征求意见稿", note: "" });
  otherDraftId = other.id;
});
afterAll(closeTestDatabase);

const exportAs = async (who: keyof SignoffFixture["people"], o: { draftId?: string; versionId?: string; format?: string; locale?: "zh-CN" | "en" } = {}) =>
  versionExportFile({
    db,
    actor: await sessionFor(db, f.people[who].id),
    draftId: o.draftId ?? f.draft.id,
    versionId: o.versionId ?? v1.versionId,
    format: o.format ?? "docx",
    locale: o.locale ?? "zh-CN",
    publicUrl: PUBLIC,
    chromium: CHROMIUM,
  });

describe("version exports", () => {
  it(".docx of the final version: the title, headings with their labels, the sheet with hash, signers, decisions and the link", async () => {
    const file = await exportAs("member");
    expect(file.contentType).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(file.fileName).toBe(`${f.draft.title}-v1-送审稿.docx`);
    expect(file.contentDisposition).toBe(`attachment; filename="version-1.docx"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
    const { value: html } = await mammoth.convertToHtml({ buffer: file.body });
    expect(html.startsWith(`<p><strong>${f.draft.title}</strong></p>`)).toBe(true);
    expect(html).toContain("<h1>一、总体要求</h1>");
    expect(html).toContain("<h1>二、主要任务</h1>");
    expect(html).toContain("<h1>三、保障措施</h1>");
    expect(html).toContain("<p>完善服务网络。</p>");
    const sheet = html.slice(html.indexOf("审签单"));
    expect(sheet).toContain(v1.hash);
    expect(sheet).toContain("已定稿（");
    for (const p of [f.people.head, f.people.vice1, f.people.vice2, f.people.chair]) expect(sheet).toContain(p.name);
    expect(sheet).toContain("同意，建议按期印发。");
    expect(sheet.match(/<td><p>同意<\/p><\/td>/g)).toHaveLength(3);
    expect(sheet).toContain("<td><p>未签</p></td>"); // vice2: the stage needed one of two
    expect(sheet).toContain("第2步　副主席（2 人中 1 人）");
    expect(sheet).toContain(`${PUBLIC}/verify/${v1.hash}`);
    expect(sheet).toMatch(/<img alt="https:\/\/xieshen\.example\.gov\.cn\/verify\/[0-9a-f]{64}" src="data:image\/png;base64,/);
  });

  it("speaks English on the sheet for an English reader; the document itself is as written", async () => {
    const { value: html } = await mammoth.convertToHtml({ buffer: (await exportAs("chair", { locale: "en" })).body });
    expect(html).toContain("Sign-off sheet");
    expect(html).toContain("Version hash (SHA-256)");
    expect(html).toContain("<h1>一、总体要求</h1>");
  });

  it.skipIf(!existsSync(CHROMIUM))("PDF of the final version: its page text holds the title, the labelled headings, the hash and the signers", { timeout: 120_000 }, async () => {
    const file = await exportAs("member", { format: "pdf" });
    expect(file.contentType).toBe("application/pdf");
    expect(file.fileName).toBe(`${f.draft.title}-v1-送审稿.pdf`);
    const pages = pdfPageTexts(file.body).map(compact);
    const all = pages.join("");
    expect(all).toContain(compact(f.draft.title));
    expect(all).toContain("一、总体要求");
    expect(all).toContain("二、主要任务");
    // The sign-off sheet is the last page.
    const last = pages.at(-1)!;
    expect(last).toContain("审签单");
    expect(last).toContain(v1.hash);
    for (const p of [f.people.head, f.people.vice1, f.people.chair]) expect(last).toContain(p.name);
    expect(last).toContain(`${PUBLIC}/verify/${v1.hash}`.slice(0, 40));
    expect(pages.slice(0, -1).join("")).not.toContain(v1.hash);
  });

  it("a version never sent for sign-off: the sheet says so, still with its hash and link", async () => {
    const { value: html } = await mammoth.convertToHtml({ buffer: (await exportAs("owner", { draftId: otherDraftId, versionId: v2.versionId })).body });
    expect(html).toContain("未送审签");
    expect(html).toContain("本版本尚未请求审签。");
    expect(html).toContain(v2.hash);
    expect(html).toContain("<p>完善服务网络。又改了一句。</p>");
  });

  it("NOT_FOUND for someone who cannot read the draft and for a version of another draft; BAD_REQUEST for an unknown format", async () => {
    await expect(exportAs("outsider")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(exportAs("owner", { versionId: v2.versionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(exportAs("owner", { versionId: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(exportAs("owner", { format: "odt" })).rejects.toMatchObject({ code: "BAD_REQUEST", messageKey: "signoff.export.badFormat" });
  });

  it("PDF without Chromium: 503 with the catalogue's message", async () => {
    await expect(
      versionExportFile({ db, actor: await sessionFor(db, f.people.owner.id), draftId: f.draft.id, versionId: v1.versionId, format: "pdf", locale: "zh-CN", publicUrl: PUBLIC, chromium: "/nonexistent/chromium" }),
    ).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE", messageKey: "signoff.export.pdfUnavailable" });
  });

  it("records who downloaded which version in which format; a refused download records nothing", async () => {
    const count = () => db.auditEvent.count({ where: { type: "version.exported", targetId: v1.versionId } });
    const before = await count();
    await exportAs("member");
    const e = await db.auditEvent.findFirstOrThrow({ where: { type: "version.exported", targetId: v1.versionId }, orderBy: { id: "desc" } });
    expect(e).toMatchObject({ actorId: f.people.member.id, targetType: "DraftVersion" });
    expect(e.data).toMatchObject({ draftId: f.draft.id, format: "docx" });
    await expect(exportAs("member", { format: "odt" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(exportAs("member", { draftId: otherDraftId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await count()).toBe(before + 1);
  });
});
