import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mentionToken } from "@/lib/comments/text";
import { openDocxPackage } from "@/lib/import/zip-guard";
import type { PMJSONNode } from "@/lib/sections/outline";
import { versionHash } from "@/lib/versions/canonical";
import { closeTestDatabase, useTestDatabase } from "@/server/test/db";
import { sessionFor, uniqueName } from "@/server/test/factories";
import { addParagraph, startTestCollab, storedText } from "@/server/test/collab";
import type { Db } from "@/server/db/client";
import { commentsFixture, SECTIONS, type CommentsFixture } from "@/server/services/comments/test-fixture";
import { createDraft } from "@/server/services/drafts/create-draft";
import { registerFile } from "@/server/services/export/register";
import { versionExportFile } from "@/server/services/export/version-export";
import { reportSummary, warmUp } from "./support";

// Hostile text (issue #11), server side: script, markup and spreadsheet-formula payloads in
// a draft title, a person's name, draft text, comments, forged mention names and disposition
// reasons stay inert in the exports (.docx text, the register CSV) and in notifications; and
// Unicode that is easy to break — 𠮷 (a surrogate pair), a ZWJ emoji family, zero-width
// characters, U+202E — round-trips unchanged through editing, comments, versions (the hash
// of the same content is the same) and the .docx export. Page rendering is covered by the e2e
// CSP specs (e2e/security/).

const XSS = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "<svg/onload=alert(1)>",
  "javascript:alert(1)",
  "]]></w:t></w:r><w:r><w:t>注入",
  "&amp;&lt;<&>",
  "{{constructor.constructor('alert(1)')()}}",
];
const FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"点我\")", "+SUM(1,1)", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"];
const UNICODE = ["𠮷野家", "👨‍👩‍👧‍👦", "零\u200b宽\u200d字\u2060符\ufeff号", "abc\u202eexe.txt"];

let db: Db;
let f: CommentsFixture;
let draftId: string;
const title = `标题<script>alert(1)</script>${UNICODE[0]}`;

/** The cells of a CSV (RFC 4180: quoted fields, doubled quotes, CRLF rows). */
function csvCells(text: string): string[] {
  const cells: string[] = [];
  let i = text.startsWith("\ufeff") ? 1 : 0;
  while (i < text.length) {
    let cell = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else {
          cell += text[i++];
        }
      }
    } else while (i < text.length && text[i] !== "," && text[i] !== "\r") cell += text[i++];
    cells.push(cell);
    if (text[i] === ",") i++;
    else if (text[i] === "\r") i += 2;
  }
  return cells;
}

async function docxXml(body: Buffer): Promise<string> {
  return (await openDocxPackage(new Uint8Array(body)).read("word/document.xml", "utf8")) as string;
}

beforeAll(async () => {
  db = useTestDatabase();
  await warmUp(db);
  f = await commentsFixture(db, { names: { b: `乙<img src=x onerror=alert(1)>`, c: `丙${UNICODE[1]}` } });
  draftId = (
    await createDraft({
      db,
      actor: await sessionFor(db, f.people.owner.id),
      input: { title, kind: "SPEECH", committeeId: f.committee.id },
      content: {
        type: "doc",
        content: [
          { type: "heading", attrs: { level: 1, sid: SECTIONS.one }, content: [{ type: "text", text: `一、${XSS[0]}` }] },
          ...[...XSS, ...UNICODE].map((t) => ({ type: "paragraph", content: [{ type: "text", text: t }] })),
        ],
      },
    })
  ).id;
});

afterAll(closeTestDatabase);

describe("hostile text stays text", () => {
  it("register CSV: no cell a spreadsheet reads as a formula; .docx exports: payloads escaped, read back literally; notifications carry names from the database", { timeout: 120_000 }, async () => {
    const b = await f.as(f.people.b);
    const owner = await f.as(f.people.owner);
    const threads: string[] = [];
    for (const body of [...XSS, ...FORMULAS]) threads.push((await b.comments.create({ draftId, sid: SECTIONS.one, body: `${body}` })).threadId);
    // A forged mention name: the server writes the mentioned person's real name.
    await b.comments.create({ draftId, sid: SECTIONS.one, body: `请看 ${mentionToken(f.people.c.id, "<script>伪造</script>")}` });
    await owner.comments.setDisposition({ draftId, threadId: threads[0]!, disposition: "NOTED", reason: FORMULAS[0]! + XSS[1]! });

    const csv = (await registerFile({ db, actor: await sessionFor(db, f.people.owner.id), draftId, format: "csv", locale: "zh-CN" })).body.toString("utf8");
    const formulaCells = csvCells(csv).filter((c) => /^[=+\-@\t\r]/.test(c));
    expect(formulaCells, "CSV cells a spreadsheet would evaluate").toEqual([]);
    for (const x of XSS) expect(csv).toContain(x.includes('"') ? x.replace(/"/g, '""') : x);
    expect(csv).not.toContain("伪造");

    const register = (await registerFile({ db, actor: await sessionFor(db, f.people.owner.id), draftId, format: "docx", locale: "zh-CN" })).body;
    const registerXml = await docxXml(register);
    expect(registerXml).not.toMatch(/<script|<img|<svg|<\/w:t><\/w:r><w:r><w:t>注入/);
    const registerText = (await mammoth.extractRawText({ buffer: register })).value;
    for (const x of XSS) expect(registerText).toContain(x);

    const v = await owner.versions.freeze({ draftId, label: "征求意见稿", note: XSS[1]! });
    const exported = await versionExportFile({ db, actor: await sessionFor(db, f.people.owner.id), draftId, versionId: v.versionId, format: "docx", locale: "zh-CN", publicUrl: "https://xieshen.example", chromium: "/nonexistent" });
    const versionXml = await docxXml(exported.body);
    expect(versionXml).not.toMatch(/<script|<img|<svg|<\/w:t><\/w:r><w:r><w:t>注入/);
    const versionText = (await mammoth.extractRawText({ buffer: exported.body })).value;
    for (const x of [...XSS, ...UNICODE.slice(0, 2)]) expect(versionText).toContain(x);
    expect(exported.fileName).not.toMatch(/[<>/\\]/);

    // The mentioned person's notification: data, with the name from the database.
    const c = await f.as(f.people.c);
    const notes = JSON.stringify(await c.notifications.list({}));
    expect(notes).not.toContain("伪造");
    reportSummary({ suite: "XSS and formula payloads (exports, notifications)", tried: XSS.length + FORMULAS.length + 3, stored: formulaCells.length, notes: "payloads in a title, names, draft text, comments, a forged mention, a disposition reason; register CSV and .docx, version .docx, notifications: all inert" });
  });

  it("Unicode round-trips unchanged through editing, comments, versions (same hash) and the .docx", { timeout: 120_000 }, async () => {
    const owner = await f.as(f.people.owner);
    // Comments.
    for (const u of UNICODE) {
      const { threadId } = await owner.comments.create({ draftId, sid: SECTIONS.one, body: u });
      const stored = await db.comment.findFirstOrThrow({ where: { threadId }, select: { body: true } });
      expect(stored.body).toBe(u);
    }
    // Editing over /collab.
    const collab = await startTestCollab(db);
    try {
      const { provider, ydoc } = await collab.connect(f.people.owner.id, draftId);
      await expect.poll(() => provider.isSynced, { timeout: 10_000 }).toBe(true);
      const edited = `编辑${UNICODE.join("")}${uniqueName()}`;
      addParagraph(ydoc, edited);
      await expect.poll(() => provider.unsyncedChanges, { timeout: 10_000 }).toBe(0);
      expect(await storedText(db, draftId)).toContain(edited);
      expect(ydoc.getXmlFragment("default").toString()).toContain(edited);
      provider.destroy();
    } finally {
      await collab.close();
    }
    // Versions: the text as typed, and the same content hashes the same.
    const v1 = await owner.versions.freeze({ draftId, label: "送审稿", note: UNICODE.join(" ") });
    const got = JSON.stringify(await owner.versions.get({ draftId, versionId: v1.versionId }));
    for (const u of UNICODE) expect(got).toContain(JSON.stringify(u).slice(1, -1));
    // The hash recomputed from the stored (JSONB) content is the frozen one, and the same
    // content frozen again has the same section hashes (the version hash also covers the number).
    const row = await db.draftVersion.findUniqueOrThrow({ where: { id: v1.versionId }, select: { number: true, title: true, content: true, hash: true, sectionHashes: true } });
    expect(versionHash({ draftId, number: row.number, title: row.title, content: row.content as unknown as PMJSONNode })).toBe(v1.hash);
    expect(row.hash).toBe(v1.hash);
    const again = await owner.versions.freeze({ draftId, label: "送审稿（二）", note: "" });
    const row2 = await db.draftVersion.findUniqueOrThrow({ where: { id: again.versionId }, select: { sectionHashes: true } });
    expect(row2.sectionHashes).toEqual(row.sectionHashes);
    const docx = await versionExportFile({ db, actor: await sessionFor(db, f.people.owner.id), draftId, versionId: v1.versionId, format: "docx", locale: "zh-CN", publicUrl: "https://xieshen.example", chromium: "/nonexistent" });
    const text = (await mammoth.extractRawText({ buffer: docx.body })).value;
    for (const u of UNICODE.slice(0, 2)) expect(text).toContain(u);
    reportSummary({ suite: "Unicode round-trips", tried: UNICODE.length * 4, stored: 0, notes: "comments, /collab editing, version content and hash, .docx" });
  });
});
